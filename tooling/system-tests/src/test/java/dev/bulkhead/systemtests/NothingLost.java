package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.systemtests.Gateway.User;
import dev.bulkhead.systemtests.RetryingClient.Attempts;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * What "nothing lost" means once a run under failure is over, checked against the services' own
 * databases and the payment provider's journal, for every order a user tried to place:
 *
 * <ul>
 *   <li>the POST was accepted, on its first attempt or on a retry with the same Idempotency-Key after
 *       a retryable answer (502, 503, 504, 429 or a broken connection) — never refused otherwise, and
 *       never placed twice: order-service holds exactly one row per accepted POST;
 *   <li>the order ended, CONFIRMED or CANCELLED, within the allowance given;
 *   <li>stock is conserved per product: available + reserved + sold = the initial stock, nothing stays
 *       reserved, sold equals what the confirmed orders hold, and nothing is negative;
 *   <li>money is conserved: Σ charged − Σ refunded = Σ totals of the confirmed orders, in
 *       payment-service's database and in the payment provider's journal alike, every confirmed order
 *       charged its total, every cancelled one not at all (or refunded); the provider saw at most one
 *       charge per order (one Idempotency-Key: repeats of it are the same charge);
 *   <li>each user got exactly one notification per order outcome, none twice.
 * </ul>
 *
 * Shared by {@code ScaleOutIT} (instances killed) and {@code ChaosIT} (the infrastructure failing).
 */
final class NothingLost {

    private final LaunchedStack stack;
    private final Gateway gateway;
    private final Duration recovery;
    private final String providerAdmin;
    private final String prefix;

    /**
     * @param recovery how long stock, payments and notifications may take to settle once every order ended
     * @param providerAdmin the payment provider's WireMock admin API
     * @param prefix what each printed figure starts with ({@code [scale-out]})
     */
    NothingLost(LaunchedStack stack, Gateway gateway, Duration recovery, String providerAdmin, String prefix) {
        this.stack = stack;
        this.gateway = gateway;
        this.recovery = recovery;
        this.providerAdmin = providerAdmin;
        this.prefix = prefix;
    }

    /** The figures of a run whose invariants all held. */
    record Settled(
            TreeMap<String, Integer> outcomes,
            double terminalSeconds,
            int unitsSold,
            long netMinor,
            ProviderJournal journal,
            int notifications) {}

    /**
     * Checks every invariant above, waiting for what settles asynchronously; fails on the first that
     * does not hold.
     *
     * @param products the products the orders bought, each created with {@code stockEach} units
     * @param terminalWithin how long after {@code startNanos} every order must have ended
     */
    Settled verify(List<Placed> placed, List<String> products, int stockEach, Duration terminalWithin, long startNanos)
            throws Exception {
        long start = startNanos;
        // Every POST accepted, first time or after retryable answers only; none placed twice.
        var refused = placed.stream()
                .filter(p -> !p.attempts().accepted() || !p.attempts().onlyRetryableBeforeTheLast())
                .map(p -> p.attempts().answers() + " " + p.attempts().body())
                .toList();
        assertThat(refused)
                .as("POSTs not accepted, or refused with a status no retry can resolve")
                .isEmpty();
        assertThat(placed.stream().map(Placed::id).distinct().count())
                .as("distinct orders for distinct Idempotency-Keys")
                .isEqualTo(placed.size());
        try (Connection db = stack.database("orders");
                var statement = db.createStatement();
                var rows = statement.executeQuery("select count(*) from orders")) {
            rows.next();
            assertThat(rows.getLong(1))
                    .as("orders in order-service's database: one per accepted POST, a retry placing none")
                    .isEqualTo(placed.size());
        }

        // Every order terminal within the deadline and the recovery allowance.
        var finals = awaitAllTerminal(placed, terminalWithin);
        double terminalSeconds = (System.nanoTime() - start) / 1e9;
        var outcomes = new TreeMap<String, Integer>();
        var sold = new HashMap<String, Integer>();
        long confirmedMinor = 0;
        var confirmed = new HashSet<String>();
        for (var p : placed) {
            var order = finals.get(p.id());
            String status = order.path("status").asString();
            outcomes.merge(status + " " + order.path("cancellationReason").asString(""), 1, Integer::sum);
            if ("CONFIRMED".equals(status)) {
                confirmed.add(p.id());
                confirmedMinor += minor(OrderSaga.total(order));
                for (JsonNode line : order.path("items")) {
                    sold.merge(
                            line.path("productId").asString(),
                            line.path("quantity").asInt(),
                            Integer::sum);
                }
            }
        }
        say("all orders terminal %.1f s after the first POST: %s", terminalSeconds, outcomes);

        var stock = awaitStockSettled(products);
        say(
                "stock: %d units sold of %d, 0 reserved",
                stock.values().stream().mapToInt(Stock::sold).sum(), products.size() * stockEach);
        for (String product : products) {
            var row = stock.get(product);
            int soldByOrders = sold.getOrDefault(product, 0);
            assertThat(row.total())
                    .as("available + reserved + sold of %s (%s)", product, row)
                    .isEqualTo(stockEach);
            assertThat(row.sold())
                    .as("sold of %s against the confirmed orders", product)
                    .isEqualTo(soldByOrders);
            assertThat(row.available()).as("available of %s", product).isNotNegative();
        }

        var money = awaitPaymentsSettled(placed, confirmed, finals);
        var journal = ProviderJournal.read(providerAdmin);
        say(
                "money: %s EUR net in payment-service, %s EUR net at the provider, %s EUR of confirmed orders;"
                        + " provider: %d charge and %d refund requests, %d of them repeats of a key",
                BigDecimal.valueOf(money.netMinor(), 2),
                BigDecimal.valueOf(journal.netMinor(), 2),
                BigDecimal.valueOf(confirmedMinor, 2),
                journal.charges(),
                journal.refunds(),
                journal.repeats());
        assertThat(money.netMinor())
                .as("Σ charged − Σ refunded in payment-service")
                .isEqualTo(confirmedMinor);

        assertThat(journal.keysPerOrder().entrySet())
                .as("charges per order the provider saw (Idempotency-Keys; a repeat of one is the same charge)")
                .allMatch(e -> e.getValue().size() == 1 && e.getValue().contains(e.getKey()));
        assertThat(journal.netMinor())
                .as("Σ charged − Σ refunded at the provider")
                .isEqualTo(confirmedMinor);

        var notifications = awaitNotifications(placed, finals);

        say("notifications: %d recorded, one per order outcome, none twice for a (user, kind, order)", notifications);

        return new Settled(
                outcomes,
                terminalSeconds,
                stock.values().stream().mapToInt(Stock::sold).sum(),
                money.netMinor(),
                journal,
                notifications);
    }

    Map<String, JsonNode> awaitAllTerminal(List<Placed> placed, Duration within) throws Exception {
        var finals = new ConcurrentHashMap<String, JsonNode>();
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (var p : placed) {
                if (finals.containsKey(p.id())) continue;
                var answer = gateway.get("/api/v1/orders/" + p.id(), p.user());
                if (answer.status() == 200
                        && !"PENDING".equals(answer.json().path("status").asString())) {
                    finals.put(p.id(), answer.json());
                }
            }
            if (finals.size() == placed.size()) return finals;
            assertThat(System.nanoTime())
                    .as(
                            "%d of %d orders still not terminal %s after the last POST",
                            placed.size() - finals.size(), placed.size(), within)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** A product's units: on sale, held for pending orders, sold to confirmed ones. */
    record Stock(int available, int reserved, int sold) {

        int total() {
            return available + reserved + sold;
        }
    }

    /** inventory-service's rows for {@code products}, read in one statement (one snapshot). */
    static Map<String, Stock> stock(Connection inventory, List<String> products) throws java.sql.SQLException {
        var stock = new HashMap<String, Stock>();
        try (var query = inventory.prepareStatement("""
                select p.id::text, p.stock, p.reserved,
                       coalesce((select sum(l.quantity) from reservation_line l
                                 join reservation r on r.order_id = l.order_id
                                 where l.product_id = p.id and r.status = 'COMMITTED'), 0)
                from product p where p.id = any (?::uuid[])""")) {
            query.setArray(1, inventory.createArrayOf("text", products.toArray()));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    stock.put(rows.getString(1), new Stock(rows.getInt(2), rows.getInt(3), rows.getInt(4)));
                }
            }
        }
        return stock;
    }

    /** inventory-service's own rows, once nothing is reserved any more (releases may still be arriving). */
    private Map<String, Stock> awaitStockSettled(List<String> products) throws Exception {
        long deadline = System.nanoTime() + recovery.toNanos();
        while (true) {
            Map<String, Stock> stock;
            try (Connection db = stack.database("inventory")) {
                stock = stock(db, products);
            }
            assertThat(stock).as("products in inventory's database").hasSize(products.size());
            if (stock.values().stream().allMatch(s -> s.reserved() == 0)) return stock;
            assertThat(System.nanoTime())
                    .as("stock still reserved %s after every order ended: %s", recovery, stock)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private record Money(long netMinor) {}

    /**
     * payment-service's rows once none is in flight: a confirmed order's payment CHARGED with its total, a
     * cancelled one's never CHARGED (declined, cancelled, or charged and REFUNDED).
     */
    private Money awaitPaymentsSettled(List<Placed> placed, Set<String> confirmed, Map<String, JsonNode> finals)
            throws Exception {
        long deadline = System.nanoTime() + recovery.toNanos();
        var ids = placed.stream().map(Placed::id).toArray();
        while (true) {
            var payments = new HashMap<String, String>();
            var amounts = new HashMap<String, Long>();
            try (Connection db = stack.database("payments");
                    var query =
                            db.prepareStatement("select order_id::text, status, coalesce(amount_minor, 0) from payment"
                                    + " where order_id = any (?::uuid[])")) {
                query.setArray(1, db.createArrayOf("text", ids));
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        payments.put(rows.getString(1), rows.getString(2));
                        amounts.put(rows.getString(1), rows.getLong(3));
                    }
                }
            }
            var inFlight = payments.entrySet().stream()
                    .filter(e -> List.of("CHARGE_REQUESTED", "REFUND_REQUESTED").contains(e.getValue())
                            || (confirmed.contains(e.getKey()) && !"CHARGED".equals(e.getValue()))
                            || (!confirmed.contains(e.getKey()) && "CHARGED".equals(e.getValue())))
                    .toList();
            boolean allConfirmedKnown = confirmed.stream().allMatch(payments::containsKey);
            if (inFlight.isEmpty() && allConfirmedKnown) {
                long net = 0;
                for (var e : payments.entrySet()) {
                    if (!"CHARGED".equals(e.getValue())) continue;
                    long total = minor(OrderSaga.total(finals.get(e.getKey())));
                    assertThat(amounts.get(e.getKey()))
                            .as("charge of confirmed order %s", e.getKey())
                            .isEqualTo(total);
                    net += amounts.get(e.getKey());
                }
                return new Money(net);
            }
            assertThat(System.nanoTime())
                    .as("payments not settled %s after every order ended: %s", recovery, inFlight)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** Awaits one outcome notification per order, then checks that none was recorded twice; returns how many. */
    private int awaitNotifications(List<Placed> placed, Map<String, JsonNode> finals) throws Exception {
        long deadline = System.nanoTime() + recovery.toNanos();
        var wanted = new HashMap<String, String>();
        for (var p : placed) {
            wanted.put(
                    p.id(),
                    "CONFIRMED".equals(finals.get(p.id()).path("status").asString())
                            ? "ORDER_CONFIRMED"
                            : "ORDER_CANCELLED");
        }
        while (true) {
            var seen = new HashMap<String, String>();
            var twice = new ArrayList<String>();
            int total = 0;
            try (Connection db = stack.database("notifications");
                    var statement = db.createStatement();
                    var rows = statement.executeQuery("""
                            select user_id::text, kind,
                                   substring(body from '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),
                                   count(*)
                            from notification group by 1, 2, 3""")) {
                while (rows.next()) {
                    total += rows.getInt(4);
                    if (rows.getInt(4) > 1) {
                        twice.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3) + " ×"
                                + rows.getInt(4));
                    }
                    if (rows.getString(3) != null && !"PAYMENT_REFUNDED".equals(rows.getString(2))) {
                        seen.put(rows.getString(3), rows.getString(2));
                    }
                }
            }
            assertThat(twice)
                    .as("notifications recorded twice for one (user, kind, order)")
                    .isEmpty();
            var missing = wanted.entrySet().stream()
                    .filter(e -> !e.getValue().equals(seen.get(e.getKey())))
                    .map(e -> e.getKey() + " " + e.getValue())
                    .toList();
            if (missing.isEmpty()) return total;
            assertThat(System.nanoTime())
                    .as(
                            "%d orders without their notification %s after they ended: %s",
                            missing.size(), recovery, missing)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, prefix + " " + format + "%n", args);
    }

    static long minor(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    /** An order a user tried to place: its Idempotency-Key, every answer, and its id once accepted. */
    record Placed(User user, String key, Attempts attempts, String id) {}

    /** What the payment provider's request journal (WireMock's admin API) says was charged and refunded. */
    record ProviderJournal(
            Map<String, Set<String>> keysPerOrder, long netMinor, int charges, int refunds, int repeats) {

        static ProviderJournal read(String providerAdmin) throws Exception {
            var answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(providerAdmin + "/requests?limit=10000"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            var keysPerOrder = new HashMap<String, Set<String>>();
            var refundKeys = new HashSet<String>();
            var charged = new HashMap<String, Long>();
            var refunded = new HashMap<String, Long>();
            int charges = 0;
            int refunds = 0;
            for (JsonNode entry : Gateway.JSON.readTree(answer.body()).path("requests")) {
                var request = entry.path("request");
                if (!"POST".equals(request.path("method").asString())) continue;
                String url = request.path("url").asString();
                int status = entry.path("response")
                        .path("status")
                        .asInt(entry.path("responseDefinition").path("status").asInt());
                var body = Gateway.JSON.readTree(request.path("body").asString());
                String reference = body.path("reference").asString();
                String key = header(request, "Idempotency-Key");
                if (url.startsWith("/v1/charges")) {
                    charges++;
                    keysPerOrder
                            .computeIfAbsent(reference, r -> new HashSet<>())
                            .add(key);
                    if (status == 201) charged.put(key, body.path("amountMinor").asLong());
                } else if (url.startsWith("/v1/refunds")) {
                    refunds++;
                    refundKeys.add(key);
                    if (status == 201)
                        refunded.put(key, body.path("amountMinor").asLong());
                }
            }
            long net = charged.values().stream().mapToLong(Long::longValue).sum()
                    - refunded.values().stream().mapToLong(Long::longValue).sum();
            int chargeKeys = keysPerOrder.values().stream().mapToInt(Set::size).sum();
            int repeats = charges - chargeKeys + refunds - refundKeys.size();
            return new ProviderJournal(keysPerOrder, net, charges, refunds, repeats);
        }

        private static String header(JsonNode request, String name) {
            var headers = request.path("headers");
            for (var field : headers.properties()) {
                if (field.getKey().equalsIgnoreCase(name)) {
                    var value = field.getValue();
                    return value.isArray() ? value.get(0).asString() : value.asString();
                }
            }
            return "";
        }
    }
}
