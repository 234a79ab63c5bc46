/** Public API of Bulkhead's resilience library: the settings every service tunes under {@code bulkhead.resilience}. */
package dev.bulkhead.resilience;
