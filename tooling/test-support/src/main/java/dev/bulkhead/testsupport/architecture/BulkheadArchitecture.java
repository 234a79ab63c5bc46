package dev.bulkhead.testsupport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every Bulkhead service keeps. A service runs them all with one class:
 *
 * <pre>{@code
 * @AnalyzeClasses(packagesOf = OrderServiceApplication.class, importOptions = DoNotIncludeTests.class)
 * class OrderArchitectureTest {
 *     @ArchTest static final ArchTests bulkhead = ArchTests.in(BulkheadArchitecture.class);
 * }
 * }</pre>
 */
public final class BulkheadArchitecture {

    private static final Pattern SERVICE_PACKAGE = Pattern.compile("^dev\\.bulkhead\\.([a-z0-9]+)(\\..*)?$");

    /** Packages every service may use: the shared library is a dependency, not another service. */
    private static final Set<String> SHARED = Set.of("resilience");

    /** By name: test-support cannot depend on resilience-lib, whose own tests depend on test-support. */
    private static final String SERVICE_PROBLEMS = "dev.bulkhead.resilience.web.ServiceProblems";

    private static final String CONTROLLER_ADVICE = "org.springframework.web.bind.annotation.ControllerAdvice";

    /** Services share the event contract (JSON Schemas), never Java classes. */
    @ArchTest
    public static final ArchRule SERVICES_SHARE_NO_CLASSES = classes()
            .that()
            .resideInAPackage("dev.bulkhead..")
            .should(dependOnlyOnTheirOwnServiceOrTheSharedLibrary())
            .allowEmptyShould(true)
            .because("services share event schemas, not classes (docs/events.md)");

    /**
     * resilience-lib's {@code internal} packages are its implementation. Everyone else uses its public
     * API (the package roots, with Javadoc), which keeps its promises while the implementation changes.
     */
    @ArchTest
    public static final ArchRule RESILIENCE_INTERNALS_STAY_INSIDE = noClasses()
            .that()
            .resideOutsideOfPackage("dev.bulkhead.resilience..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.bulkhead.resilience..internal..")
            .allowEmptyShould(true)
            .because("resilience-lib's internal packages are not its API");

    /** Feature packages (order, saga, outbox ...) may depend on each other one way only. */
    @ArchTest
    public static final ArchRule FEATURES_ARE_FREE_OF_CYCLES = slices().matching("dev.bulkhead.(*).(*)..")
            .should()
            .beFreeOfCycles()
            .allowEmptyShould(true);

    /** Constructor injection keeps dependencies visible and classes testable without Spring. */
    @ArchTest
    public static final ArchRule NO_FIELD_INJECTION = NO_CLASSES_SHOULD_USE_FIELD_INJECTION.allowEmptyShould(true);

    /** Everything goes through SLF4J, so every line carries trace ids and the same format. */
    @ArchTest
    public static final ArchRule NO_STANDARD_STREAMS = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.allowEmptyShould(true);

    @ArchTest
    public static final ArchRule NO_JAVA_UTIL_LOGGING = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.allowEmptyShould(true);

    /**
     * Every service reports invalid input in one problem shape, because every service's advice extends
     * resilience-lib's {@code ServiceProblems} and adds only its business failures.
     */
    @ArchTest
    public static final ArchRule ADVICE_BUILDS_ON_SERVICE_PROBLEMS = advicesExtend(SERVICE_PROBLEMS);

    private BulkheadArchitecture() {}

    /** Controller advices of the services (not of the shared library itself) must be {@code base}s. */
    static ArchRule advicesExtend(String base) {
        return classes()
                .that()
                .resideInAPackage("dev.bulkhead..")
                .and()
                .resideOutsideOfPackage("dev.bulkhead.resilience..")
                .and()
                .areMetaAnnotatedWith(CONTROLLER_ADVICE)
                .should()
                .beAssignableTo(base)
                .allowEmptyShould(true)
                .because("invalid input reads the same in every service (one errors shape, one type URI)");
    }

    private static ArchCondition<JavaClass> dependOnlyOnTheirOwnServiceOrTheSharedLibrary() {
        return new ArchCondition<>("depend only on their own service or the shared library") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> own = serviceOf(origin.getPackageName());
                if (own.isEmpty()) {
                    return;
                }
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    serviceOf(dependency.getTargetClass().getPackageName())
                            .filter(target -> !target.equals(own.get()) && !SHARED.contains(target))
                            .ifPresent(target ->
                                    events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription())));
                }
            }
        };
    }

    static Optional<String> serviceOf(String packageName) {
        Matcher matcher = SERVICE_PACKAGE.matcher(packageName);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
