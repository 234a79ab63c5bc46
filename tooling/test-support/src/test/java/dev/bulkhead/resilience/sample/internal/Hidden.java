package dev.bulkhead.resilience.sample.internal;

/** Fixture: an implementation class of the shared library. */
public class Hidden {
    public int work() {
        return 42;
    }
}
