/** How the Feign integration is built from Resilience4j; not for use outside resilience-lib. */
package dev.bulkhead.resilience.feign.internal;
