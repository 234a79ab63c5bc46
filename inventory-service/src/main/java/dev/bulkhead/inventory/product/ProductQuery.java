package dev.bulkhead.inventory.product;

import dev.bulkhead.resilience.web.InvalidInput;
import dev.bulkhead.resilience.web.InvalidInput.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which page of the catalogue a caller wants, optionally only some products ({@code ids}).
 *
 * @param page zero-based
 * @param size items per page, at most {@link #MAX_SIZE}
 * @param ids only these products, or empty for all
 */
record ProductQuery(int page, int size, Set<UUID> ids) {

    static final int DEFAULT_SIZE = 20;

    /** Bounds the work and the answer of one request. */
    static final int MAX_SIZE = 100;

    /** As many as an order may have lines (OrderCreated allows 100), so one call prices a whole order. */
    static final int MAX_IDS = 100;

    /** Keeps page × size far from overflowing an offset. */
    static final int MAX_PAGE = 1_000_000;

    /**
     * Reads the query parameters. Without {@code size}, a query by {@code ids} gets a page as large as
     * {@link #MAX_IDS}: a caller asking for named products means all of them, not the first 20.
     *
     * @throws InvalidInput naming every parameter that is out of bounds
     */
    static ProductQuery of(int page, Integer size, String ids) {
        List<Violation> errors = new ArrayList<>();
        if (page < 0 || page > MAX_PAGE) {
            errors.add(new Violation("page", "must be between 0 and " + MAX_PAGE));
        }
        if (size != null && (size < 1 || size > MAX_SIZE)) {
            errors.add(new Violation("size", "must be between 1 and " + MAX_SIZE));
        }
        Set<UUID> wanted = new LinkedHashSet<>();
        if (ids != null) {
            String[] listed = ids.split(",", -1);
            if (listed.length > MAX_IDS) {
                errors.add(new Violation("ids", "at most " + MAX_IDS + " per request"));
            } else {
                for (int i = 0; i < listed.length; i++) {
                    int position = i + 1;
                    parse(listed[i].trim())
                            .ifPresentOrElse(
                                    wanted::add,
                                    () -> errors.add(new Violation(
                                            "ids",
                                            "item " + position + " is not a UUID (expected ids=<uuid>,<uuid>,...)")));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        int effectiveSize = size != null ? size : ids != null ? MAX_IDS : DEFAULT_SIZE;
        return new ProductQuery(page, effectiveSize, Set.copyOf(wanted));
    }

    boolean byIds() {
        return !ids.isEmpty();
    }

    long offset() {
        return (long) page * size;
    }

    private static Optional<UUID> parse(String id) {
        if (id.length() != 36) {
            return Optional.empty(); // UUID.fromString accepts short forms such as 1-2-3-4-5
        }
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
