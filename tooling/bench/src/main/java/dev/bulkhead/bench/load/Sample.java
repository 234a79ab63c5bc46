package dev.bulkhead.bench.load;

/**
 * One request of an open-loop run, times from {@link System#nanoTime()}.
 *
 * @param scheduledNanos when it was due (see {@link Schedule})
 * @param sentNanos when it was written to a connection
 * @param endNanos when its response was read, or when it failed
 * @param status the HTTP status, or {@link #FAILED} when no response came (connect, read or timeout error)
 * @param problem whether the response was an RFC 9457 problem document
 */
public record Sample(long scheduledNanos, long sentNanos, long endNanos, int status, boolean problem) {

    public static final int FAILED = -1;

    /** From the scheduled send time: includes any wait for a connection or for the generator. */
    public long latencyNanos() {
        return endNanos - scheduledNanos;
    }

    /** From the moment it was written: what the server took, whatever the generator's backlog. */
    public long serviceNanos() {
        return endNanos - sentNanos;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
