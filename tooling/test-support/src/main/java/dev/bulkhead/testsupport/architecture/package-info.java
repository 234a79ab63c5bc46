/** ArchUnit rules every Bulkhead service runs against its own classes. */
package dev.bulkhead.testsupport.architecture;
