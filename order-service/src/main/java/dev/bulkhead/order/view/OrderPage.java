package dev.bulkhead.order.view;

import java.util.List;

/**
 * A page of the caller's orders, newest first.
 *
 * @param consistency always {@code eventual}: the list is built from events, so an order placed a
 *     moment ago, or a status that just changed, can take a moment to show; GET /api/v1/orders/{id}
 *     reads the order itself and is always current
 */
record OrderPage(List<OrderSummary> items, int page, int size, long total, String consistency) {

    static final String EVENTUAL = "eventual";
}
