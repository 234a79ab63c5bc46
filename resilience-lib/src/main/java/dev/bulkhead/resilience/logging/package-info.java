/** Commons Logging over SLF4J that checks a level before it builds the message of a disabled line. */
package dev.bulkhead.resilience.logging;
