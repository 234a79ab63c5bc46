package dev.bulkhead.notification;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.bulkhead.testsupport.architecture.BulkheadArchitecture;

@AnalyzeClasses(packagesOf = NotificationServiceApplication.class, importOptions = DoNotIncludeTests.class)
class NotificationArchitectureTest {

    @ArchTest
    static final ArchTests bulkhead = ArchTests.in(BulkheadArchitecture.class);
}
