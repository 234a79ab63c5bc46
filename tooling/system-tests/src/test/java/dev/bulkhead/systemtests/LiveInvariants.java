package dev.bulkhead.systemtests;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The invariants that must hold at every instant of a run, not only once it settles, read from the
 * services' own databases while faults are injected. Each read is one statement (one snapshot); where
 * two databases are compared, the one written first in the saga is read last, so that an effect seen
 * in the later one has its cause in the earlier one:
 *
 * <ul>
 *   <li>stock: per product, available and reserved never negative, available + reserved + sold equal to
 *       the stock it was created with;
 *   <li>no CONFIRMED order without a CHARGED payment (orders read before payments);
 *   <li>no money moved without an order (payments read before orders);
 *   <li>an ended order never changes its outcome.
 * </ul>
 *
 * A check that cannot read (the database is down) is counted as unavailable, not as a pass.
 */
final class LiveInvariants {

    private final LaunchedStack stack;
    private final List<String> products;
    private final int stockEach;
    private final long startNanos;
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();

    LiveInvariants(LaunchedStack stack, List<String> products, int stockEach, long startNanos) {
        this.stack = stack;
        this.products = List.copyOf(products);
        this.stockEach = stockEach;
        this.startNanos = startNanos;
    }

    /** One round of every check; never throws, so a scheduler keeps running it. */
    void checkOnce() {
        try {
            checkStock();
            checkOrdersAgainstPayments();
            checks.incrementAndGet();
        } catch (SQLException e) {
            unavailable.incrementAndGet();
        } catch (RuntimeException e) {
            violation("check failed: " + e);
        }
    }

    int checks() {
        return checks.get();
    }

    int unavailable() {
        return unavailable.get();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    private void checkStock() throws SQLException {
        try (Connection db = stack.database("inventory")) {
            NothingLost.stock(db, products).forEach((product, row) -> {
                if (row.available() < 0 || row.reserved() < 0 || row.total() != stockEach) {
                    violation("stock of " + product + " is " + row + ", created with " + stockEach);
                }
            });
        }
    }

    private void checkOrdersAgainstPayments() throws SQLException {
        Set<String> moneyMoved;
        try (Connection db = stack.database("payments")) {
            moneyMoved = strings(
                    db,
                    "select order_id::text from payment where status in ('CHARGED', 'REFUND_REQUESTED', 'REFUNDED')");
        }
        var ended = new HashMap<String, String>();
        try (Connection db = stack.database("orders");
                var statement = db.createStatement();
                var rows = statement.executeQuery("select id::text, status from orders where status <> 'PENDING'")) {
            while (rows.next()) ended.put(rows.getString(1), rows.getString(2));
        }
        Set<String> existing;
        try (Connection db = stack.database("orders");
                var query = db.prepareStatement("select id::text from orders where id = any (?::uuid[])")) {
            query.setArray(1, db.createArrayOf("text", moneyMoved.toArray()));
            existing = strings(query);
        }
        moneyMoved.stream()
                .filter(order -> !existing.contains(order))
                .forEach(order -> violation("money moved for order " + order + ", which order-service does not hold"));

        var confirmed = ended.entrySet().stream()
                .filter(e -> "CONFIRMED".equals(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        Set<String> charged;
        try (Connection db = stack.database("payments");
                var query = db.prepareStatement(
                        "select order_id::text from payment where status = 'CHARGED' and order_id = any (?::uuid[])")) {
            query.setArray(1, db.createArrayOf("text", confirmed.toArray()));
            charged = strings(query);
        }
        confirmed.stream()
                .filter(order -> !charged.contains(order))
                .forEach(order -> violation("order " + order + " CONFIRMED without a CHARGED payment"));

        ended.forEach((order, status) -> {
            String first = outcomes.putIfAbsent(order, status);
            if (first != null && !first.equals(status)) {
                violation("order " + order + " ended " + first + ", later read " + status);
            }
        });
    }

    private static Set<String> strings(Connection db, String sql) throws SQLException {
        try (var query = db.prepareStatement(sql)) {
            return strings(query);
        }
    }

    private static Set<String> strings(java.sql.PreparedStatement query) throws SQLException {
        var found = new HashSet<String>();
        try (var rows = query.executeQuery()) {
            while (rows.next()) found.add(rows.getString(1));
        }
        return found;
    }

    private void violation(String what) {
        if (violations.size() < 100) {
            violations.add(String.format(Locale.ROOT, "%.1f s: %s", (System.nanoTime() - startNanos) / 1e9, what));
        }
    }
}
