package dev.bulkhead.auth;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.bulkhead.testsupport.architecture.BulkheadArchitecture;

@AnalyzeClasses(packagesOf = AuthServiceApplication.class, importOptions = DoNotIncludeTests.class)
class AuthArchitectureTest {

    @ArchTest
    static final ArchTests bulkhead = ArchTests.in(BulkheadArchitecture.class);
}
