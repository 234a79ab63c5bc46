package dev.bulkhead.payment;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.bulkhead.testsupport.architecture.BulkheadArchitecture;

@AnalyzeClasses(packagesOf = PaymentServiceApplication.class, importOptions = DoNotIncludeTests.class)
class PaymentArchitectureTest {

    @ArchTest
    static final ArchTests bulkhead = ArchTests.in(BulkheadArchitecture.class);
}
