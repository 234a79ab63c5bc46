/** Fixture for BulkheadArchitectureTest: stands for a service that breaks the rules. */
package dev.bulkhead.ordersample;
