package dev.bulkhead.notification.notification;

import dev.bulkhead.resilience.web.InvalidInput;

/**
 * Which part of a list to answer: {@code limit} items from page {@code page} (0-based).
 *
 * @throws InvalidInput when limit is not 1..{@value #MAX_LIMIT} or page is negative
 */
record Paging(int limit, int page) {

    static final int DEFAULT_LIMIT = 20;

    /** Enough for any screen; a bound, so one request cannot ask for a user's whole history. */
    static final int MAX_LIMIT = 100;

    Paging {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInput.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (page < 0) {
            throw InvalidInput.of("page", "must be 0 or more");
        }
    }

    long offset() {
        return (long) page * limit;
    }
}
