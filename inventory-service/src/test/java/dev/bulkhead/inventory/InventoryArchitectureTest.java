package dev.bulkhead.inventory;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.bulkhead.testsupport.architecture.BulkheadArchitecture;

@AnalyzeClasses(packagesOf = InventoryServiceApplication.class, importOptions = DoNotIncludeTests.class)
class InventoryArchitectureTest {

    @ArchTest
    static final ArchTests bulkhead = ArchTests.in(BulkheadArchitecture.class);
}
