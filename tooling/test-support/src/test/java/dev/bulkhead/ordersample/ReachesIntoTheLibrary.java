package dev.bulkhead.ordersample;

import dev.bulkhead.resilience.sample.internal.Hidden;

/** Fixture: a service that uses the shared library's implementation instead of its public API. */
public class ReachesIntoTheLibrary {
    public int work() {
        return new Hidden().work();
    }
}
