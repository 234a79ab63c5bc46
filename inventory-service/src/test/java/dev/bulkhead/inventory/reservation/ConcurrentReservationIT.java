package dev.bulkhead.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.inventory.InventoryIntegration;
import dev.bulkhead.inventory.reservation.ReservingStock.Decision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Many orders over the same few products at once, straight into the reservation use case from many
 * threads (Kafka would serialise them on one partition): available stock never goes negative, no
 * unit is lost or made up, and every order is reserved whole or not at all.
 */
class ConcurrentReservationIT extends InventoryIntegration {

    private static final int INITIAL_STOCK = 10;
    private static final int ORDERS = 60;
    private static final int THREADS = 16;

    @Autowired
    ReservingStock reserving;

    @Test
    void reservesWholeOrdersOnlyAndConservesStockUnderContention() throws Exception {
        List<UUID> products = List.of(
                createProduct("Contended A", "10.00", INITIAL_STOCK),
                createProduct("Contended B", "20.00", INITIAL_STOCK),
                createProduct("Contended C", "30.00", INITIAL_STOCK));
        Map<UUID, List<Line>> orders = overlappingOrders(products, new Random(20261123L));

        Map<UUID, Decision> decisions = reserveAllAtOnce(orders);

        Map<UUID, Integer> reservedByOrders = new HashMap<>();
        List<UUID> rejected = new ArrayList<>();
        orders.forEach((orderId, lines) -> {
            if (decisions.get(orderId) == Decision.RESERVED) {
                lines.forEach(line -> reservedByOrders.merge(line.productId(), line.quantity(), Integer::sum));
            } else {
                rejected.add(orderId);
            }
        });
        assertThat(decisions.values()).as("each order decided once").doesNotContain(Decision.ALREADY_DECIDED);
        assertThat(decisions).containsValue(Decision.RESERVED).containsValue(Decision.REJECTED);
        for (UUID product : products) {
            Units units = units(product);
            assertThat(units.stock()).as("available stock of %s", product).isNotNegative();
            assertThat(units.stock() + units.reserved())
                    .as("units of %s: available + reserved", product)
                    .isEqualTo(INITIAL_STOCK);
            assertThat(units.reserved())
                    .as("reserved units of %s are exactly those of the reserved orders", product)
                    .isEqualTo(reservedByOrders.getOrDefault(product, 0));
        }
        // Stock only went down during the run, so an order rejected then cannot fit what is left now.
        for (UUID orderId : rejected) {
            assertThat(orders.get(orderId))
                    .as("rejected order %s had a line that did not fit", orderId)
                    .anySatisfy(line -> assertThat(line.quantity())
                            .isGreaterThan(units(line.productId()).stock()));
        }
        for (UUID orderId : orders.keySet()) {
            String expected = decisions.get(orderId) == Decision.RESERVED ? "RESERVED" : "REJECTED";
            assertThat(jdbc.queryForObject("select status from reservation where order_id = ?", String.class, orderId))
                    .isEqualTo(expected);
            assertThat(count("select count(*) from bulkhead_outbox where message_key = ?", orderId.toString()))
                    .as("one StockReserved or StockRejected for order %s", orderId)
                    .isOne();
        }
    }

    /** Each order wants one to three units of two or three of the products, in a random order of lines. */
    private static Map<UUID, List<Line>> overlappingOrders(List<UUID> products, Random random) {
        Map<UUID, List<Line>> orders = new HashMap<>();
        for (int i = 0; i < ORDERS; i++) {
            List<UUID> shuffled = new ArrayList<>(products);
            java.util.Collections.shuffle(shuffled, random);
            int lines = 2 + random.nextInt(2);
            List<Line> order = new ArrayList<>();
            for (int l = 0; l < lines; l++) {
                order.add(new Line(shuffled.get(l), 1 + random.nextInt(3)));
            }
            orders.put(UUID.randomUUID(), order);
        }
        return orders;
    }

    private Map<UUID, Decision> reserveAllAtOnce(Map<UUID, List<Line>> orders) throws Exception {
        Map<UUID, Decision> decisions = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> tasks = new ArrayList<>();
        orders.forEach((orderId, lines) -> tasks.add(() -> {
            start.await();
            decisions.put(orderId, reserving.reserve(orderId, lines));
            return null;
        }));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (Callable<Void> task : tasks) done.add(threads.submit(task));
            start.countDown();
            for (Future<Void> future : done) {
                future.get(); // a deadlock or a lock timeout would surface here
            }
        } finally {
            threads.shutdownNow();
        }
        return decisions;
    }
}
