/** How typed event dispatch is done (envelope reading, record binding, claims); not for use outside resilience-lib. */
package dev.bulkhead.resilience.consumer.internal;
