/** The instance lists, the ejection of instances that refuse connections; not for use outside resilience-lib. */
package dev.bulkhead.resilience.discovery.internal;
