package dev.bulkhead.testsupport.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.bulkhead.ordersample.BaseProblems;
import dev.bulkhead.ordersample.LeakyCheckout;
import dev.bulkhead.ordersample.ReachesIntoTheLibrary;
import dev.bulkhead.paymentsample.Card;
import dev.bulkhead.resilience.sample.Exposed;
import dev.bulkhead.resilience.sample.internal.Hidden;
import org.junit.jupiter.api.Test;

class BulkheadArchitectureTest {

    private final JavaClasses leaky = new ClassFileImporter().importClasses(LeakyCheckout.class, Card.class);

    @Test
    void flagsAServiceThatUsesAnotherServicesClasses() {
        assertThat(violations(BulkheadArchitecture.SERVICES_SHARE_NO_CLASSES))
                .anyMatch(line -> line.contains("LeakyCheckout") && line.contains("paymentsample.Card"));
    }

    @Test
    void flagsFieldInjectionAndStandardStreams() {
        assertThat(violations(BulkheadArchitecture.NO_FIELD_INJECTION)).isNotEmpty();
        assertThat(violations(BulkheadArchitecture.NO_STANDARD_STREAMS)).isNotEmpty();
    }

    @Test
    void allowsTheSharedLibraryAndTheServicesOwnPackages() {
        assertThat(BulkheadArchitecture.serviceOf("dev.bulkhead.order.saga")).hasValue("order");
        assertThat(BulkheadArchitecture.serviceOf("dev.bulkhead.resilience.autoconfigure"))
                .hasValue("resilience");
        assertThat(BulkheadArchitecture.serviceOf("org.springframework.web")).isEmpty();
        JavaClasses clean = new ClassFileImporter().importClasses(Card.class);
        assertThat(BulkheadArchitecture.SERVICES_SHARE_NO_CLASSES
                        .evaluate(clean)
                        .hasViolation())
                .isFalse();
    }

    @Test
    void flagsAServiceAdviceThatDoesNotBuildOnTheSharedBase() throws ClassNotFoundException {
        JavaClasses advices = new ClassFileImporter()
                .importClasses(
                        BaseProblems.class,
                        Class.forName("dev.bulkhead.ordersample.OrderProblems"),
                        Class.forName("dev.bulkhead.ordersample.RogueProblems"));

        var details = BulkheadArchitecture.advicesExtend(BaseProblems.class.getName())
                .evaluate(advices)
                .getFailureReport()
                .getDetails();

        assertThat(details).hasSize(1).allMatch(line -> line.contains("RogueProblems"));
        assertThat(BulkheadArchitecture.ADVICE_BUILDS_ON_SERVICE_PROBLEMS
                        .evaluate(advices)
                        .hasViolation())
                .isTrue();
    }

    @Test
    void flagsCodeOutsideTheSharedLibraryThatUsesItsInternalPackages() {
        JavaClasses classes =
                new ClassFileImporter().importClasses(ReachesIntoTheLibrary.class, Exposed.class, Hidden.class);

        assertThat(BulkheadArchitecture.RESILIENCE_INTERNALS_STAY_INSIDE
                        .evaluate(classes)
                        .getFailureReport()
                        .getDetails())
                .as("the service's use is flagged, the library's own use of its internals is not")
                .isNotEmpty()
                .allMatch(line -> line.startsWith("Method <dev.bulkhead.ordersample.ReachesIntoTheLibrary.")
                        && line.contains("sample.internal.Hidden"));
    }

    private java.util.List<String> violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(leaky);
        return result.getFailureReport().getDetails();
    }
}
