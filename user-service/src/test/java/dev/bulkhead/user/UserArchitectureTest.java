package dev.bulkhead.user;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.bulkhead.testsupport.architecture.BulkheadArchitecture;

@AnalyzeClasses(packagesOf = UserServiceApplication.class, importOptions = DoNotIncludeTests.class)
class UserArchitectureTest {

    @ArchTest
    static final ArchTests bulkhead = ArchTests.in(BulkheadArchitecture.class);
}
