package dev.bulkhead.resilience.sample;

import dev.bulkhead.resilience.sample.internal.Hidden;

/** Fixture: the shared library's public API, which may use its own internals. */
public class Exposed {
    public int work() {
        return new Hidden().work();
    }
}
