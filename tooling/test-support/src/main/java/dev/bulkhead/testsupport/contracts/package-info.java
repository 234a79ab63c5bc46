/** The event contract in tests: validate what a producer emits against contracts/, read the examples. */
package dev.bulkhead.testsupport.contracts;
