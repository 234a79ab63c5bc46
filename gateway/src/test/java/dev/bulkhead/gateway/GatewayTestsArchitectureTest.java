package dev.bulkhead.gateway;

import com.tngtech.archunit.core.importer.ImportOption.OnlyIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulkhead.testsupport.architecture.BulkheadArchitecture;

/** The gateway's tests use resilience-lib through its public API too, so a change inside it breaks none of them. */
@AnalyzeClasses(packagesOf = GatewayApplication.class, importOptions = OnlyIncludeTests.class)
class GatewayTestsArchitectureTest {

    @ArchTest
    static final ArchRule resilienceInternals = BulkheadArchitecture.RESILIENCE_INTERNALS_STAY_INSIDE;
}
