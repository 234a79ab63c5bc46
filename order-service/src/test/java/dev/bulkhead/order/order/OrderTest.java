package dev.bulkhead.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant PLACED = Instant.parse("2026-11-23T09:15:30.123456789Z");
    private static final Instant LATER = PLACED.plusSeconds(1);
    private static final UUID KEYBOARD = UUID.fromString("0b8e5c1a-2d3f-4a6b-9c7d-8e9f0a1b2c3d");
    private static final UUID MOUSE = UUID.fromString("1c9f6d2b-3e4a-4b5c-8d6e-9f0a1b2c3d4e");
    private static final UUID PAYMENT = UUID.randomUUID();

    @Test
    void placesAPendingOrderWithItsTotalAndAnOrderCreatedCarryingTheToken() {
        Order order =
                anOrder().withLine(KEYBOARD, 2, 8900).withLine(MOUSE, 1, 1050).build();

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.total()).isEqualTo(new Money(18850, "EUR"));
        assertThat(order.total().toDecimal()).hasToString("188.50");
        assertThat(order.deadline()).isEqualTo(order.createdAt().plusSeconds(30));
        assertThat(steps(order)).containsExactly(Step.ORDER_PLACED);
        List<Record> events = order.pendingEvents();
        assertThat(events).singleElement().isInstanceOfSatisfying(OrderCreated.class, created -> {
            assertThat(created.paymentToken()).isEqualTo("tok_ok");
            assertThat(created.total()).isEqualTo(order.total());
            assertThat(created.items())
                    .extracting(OrderCreated.Item::productName)
                    .containsExactly("Keyboard " + KEYBOARD, "Keyboard " + MOUSE);
        });
        assertThat(order.pendingEvents()).as("drained").isEmpty();
    }

    @Test
    void keepsTimesToTheMicrosecondAsTheDatabaseDoes() {
        Order order = anOrder().build();

        assertThat(order.createdAt()).isEqualTo(Instant.parse("2026-11-23T09:15:30.123456Z"));
        assertThat(order.timeline().getFirst().at()).isEqualTo(order.createdAt());
    }

    @Test
    void refusesLinesInDifferentCurrencies() {
        var lines = List.of(
                new OrderLine(KEYBOARD, "Keyboard", 1, new Money(8900, "EUR")),
                new OrderLine(MOUSE, "Mouse", 1, new Money(1000, "USD")));

        assertThatThrownBy(() -> Order.place(UUID.randomUUID(), UUID.randomUUID(), lines, "tok_ok", PLACED, LATER))
                .isInstanceOf(MixedCurrencies.class)
                .hasMessageContaining("EUR")
                .hasMessageContaining("USD");
    }

    @Test
    void refusesAnEmptyOrderAndAProductOnTwoLines() {
        assertThatThrownBy(() -> anOrder().build(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> anOrder()
                        .withLine(KEYBOARD, 1, 100)
                        .withLine(KEYBOARD, 2, 100)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void confirmsAPendingOrderOnceAndLeavesOrderConfirmed() {
        Order order = placed();

        assertThat(order.confirm(PAYMENT, LATER)).isTrue();

        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.paymentId()).isEqualTo(PAYMENT);
        assertThat(steps(order)).containsExactly(Step.ORDER_PLACED, Step.PAYMENT_SUCCEEDED, Step.CONFIRMED);
        assertThat(order.pendingEvents()).singleElement().isInstanceOfSatisfying(OrderConfirmed.class, confirmed -> {
            assertThat(confirmed.orderId()).isEqualTo(order.id());
            assertThat(confirmed.total()).isEqualTo(order.total());
        });
    }

    @Test
    void recordsASecondPaymentForAConfirmedOrderWithoutChangingIt() {
        Order order = placed();
        order.confirm(PAYMENT, LATER);
        order.pendingEvents();

        assertThat(order.confirm(UUID.randomUUID(), LATER.plusSeconds(1))).isFalse();

        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.paymentId()).isEqualTo(PAYMENT);
        assertThat(order.timeline().getLast().detail()).contains("ignored");
        assertThat(order.pendingEvents()).isEmpty();
    }

    @Test
    void cancelsAPendingOrderAndLeavesOrderCancelledWithTheReason() {
        Order order = placed();

        assertThat(order.cancel(CancellationReason.TIMEOUT, LATER)).isTrue();

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.cancellationReason()).isEqualTo(CancellationReason.TIMEOUT);
        assertThat(order.timeline().getLast())
                .isEqualTo(new TimelineEntry(Step.CANCELLED, LATER.truncatedTo(ChronoUnit.MICROS), "TIMEOUT"));
        assertThat(order.pendingEvents())
                .singleElement()
                .isInstanceOfSatisfying(
                        OrderCancelled.class,
                        cancelled -> assertThat(cancelled.reason()).isEqualTo(CancellationReason.TIMEOUT));
    }

    @Test
    void neverCancelsAConfirmedOrderNorCancelsTwice() {
        Order confirmed = placed();
        confirmed.confirm(PAYMENT, LATER);
        confirmed.pendingEvents();
        Order cancelled = placed();
        cancelled.cancel(CancellationReason.OUT_OF_STOCK, LATER);
        cancelled.pendingEvents();

        assertThat(confirmed.cancel(CancellationReason.TIMEOUT, LATER)).isFalse();
        assertThat(cancelled.cancel(CancellationReason.TIMEOUT, LATER)).isFalse();

        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.cancellationReason()).isNull();
        assertThat(cancelled.cancellationReason()).isEqualTo(CancellationReason.OUT_OF_STOCK);
        assertThat(confirmed.pendingEvents()).isEmpty();
        assertThat(cancelled.pendingEvents()).isEmpty();
    }

    @Test
    void recordsAPaymentAfterCancellationAsLatePaymentInsteadOfThrowing() {
        Order order = placed();
        order.cancel(CancellationReason.TIMEOUT, LATER);
        order.pendingEvents();

        boolean confirmed = order.confirm(PAYMENT, LATER.plusSeconds(5));

        assertThat(confirmed).isFalse();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.cancellationReason()).isEqualTo(CancellationReason.TIMEOUT);
        assertThat(order.timeline().getLast().step()).isEqualTo(Step.LATE_PAYMENT);
        assertThat(order.timeline().getLast().detail()).contains(PAYMENT.toString());
        assertThat(order.pendingEvents()).isEmpty();
    }

    @Test
    void cancelsOutOfStockWhenStockIsRejectedAndIgnoresALateRejection() {
        Order order = placed();

        order.stockRejected("OUT_OF_STOCK: keyboard requested 2, available 1", LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.cancellationReason()).isEqualTo(CancellationReason.OUT_OF_STOCK);
        assertThat(steps(order)).containsExactly(Step.ORDER_PLACED, Step.STOCK_REJECTED, Step.CANCELLED);
        assertThat(order.pendingEvents()).hasSize(1);

        Order confirmed = placed();
        confirmed.confirm(PAYMENT, LATER);
        confirmed.pendingEvents();
        confirmed.stockRejected("OUT_OF_STOCK", LATER);
        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.timeline().getLast().detail()).contains("ignored");
        assertThat(confirmed.pendingEvents()).isEmpty();
    }

    @Test
    void cancelsWithTheReasonOfAFailedPayment() {
        Order declined = placed();
        Order failed = placed();

        declined.paymentFailed(CancellationReason.PAYMENT_DECLINED, "DECLINED", LATER);
        failed.paymentFailed(CancellationReason.PAYMENT_FAILED, "PROVIDER_ERROR", LATER);

        assertThat(declined.cancellationReason()).isEqualTo(CancellationReason.PAYMENT_DECLINED);
        assertThat(failed.cancellationReason()).isEqualTo(CancellationReason.PAYMENT_FAILED);
        assertThat(steps(declined)).containsExactly(Step.ORDER_PLACED, Step.PAYMENT_FAILED, Step.CANCELLED);
    }

    @Test
    void recordsReservedStockWithoutChangingTheStatus() {
        Order order = placed();

        order.stockReserved(LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(steps(order)).containsExactly(Step.ORDER_PLACED, Step.STOCK_RESERVED);
        assertThat(order.pendingEvents()).isEmpty();
    }

    @Test
    void isOverdueOnlyWhilePendingAndFromItsDeadline() {
        Order order = placed();

        assertThat(order.isOverdue(order.deadline().minusMillis(1))).isFalse();
        assertThat(order.isOverdue(order.deadline())).isTrue();
        order.confirm(PAYMENT, LATER);
        assertThat(order.isOverdue(order.deadline().plusSeconds(60))).isFalse();
    }

    @Test
    void knowsWhichStepsAreNotStoredYet() {
        Order order = placed();
        assertThat(order.unstoredSteps()).hasSize(1);
        order.stored(0);
        order.stockReserved(LATER);

        assertThat(order.unstoredSteps()).extracting(TimelineEntry::step).containsExactly(Step.STOCK_RESERVED);
        assertThat(order.storedSteps()).isEqualTo(1);
    }

    // --- builders ---------------------------------------------------------------------------

    private static Order placed() {
        Order order = anOrder().build();
        order.pendingEvents();
        return order;
    }

    private static List<Step> steps(Order order) {
        return order.timeline().stream().map(TimelineEntry::step).toList();
    }

    static OrderBuilder anOrder() {
        return new OrderBuilder();
    }

    static final class OrderBuilder {

        private final List<OrderLine> lines = new ArrayList<>();

        OrderBuilder withLine(UUID product, int quantity, long unitPriceMinor) {
            lines.add(new OrderLine(product, "Keyboard " + product, quantity, new Money(unitPriceMinor, "EUR")));
            return this;
        }

        Order build() {
            return build(
                    lines.isEmpty() ? List.of(new OrderLine(KEYBOARD, "Keyboard", 2, new Money(8900, "EUR"))) : lines);
        }

        Order build(List<OrderLine> orderLines) {
            return Order.place(
                    UUID.randomUUID(), UUID.randomUUID(), orderLines, "tok_ok", PLACED, PLACED.plusSeconds(30));
        }
    }
}
