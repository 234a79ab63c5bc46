package dev.bulkhead.resilience.consumer;

import java.util.Collection;

/**
 * An event of a type the consumer handles, in a schema version it has no binding for. A newer body may
 * mean something else, so it is not guessed at: like any {@link MalformedEvent}, it goes to the
 * dead-letter topic at once, to be replayed once a consumer that understands it is deployed.
 */
public class UnsupportedEventVersion extends MalformedEvent {

    private static final long serialVersionUID = 1L;

    public UnsupportedEventVersion(String type, int version, Collection<Integer> supported) {
        super(type + " version " + version + " is not understood (bound: " + supported + ")");
    }
}
