/** Fixture for BulkheadArchitectureTest: stands for another service's code. */
package dev.bulkhead.paymentsample;
