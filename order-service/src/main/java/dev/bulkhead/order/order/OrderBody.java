package dev.bulkhead.order.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * An order over HTTP (never the aggregate itself), with money rendered as the API version wants:
 * v1 {@code {"amount":"178.00","currency":"EUR"}}, v2 {@code {"amountMinor":17800,"currency":"EUR"}}.
 * Everything else is the same in both versions.
 */
record OrderBody<M>(
        UUID id,
        OrderStatus status,
        CancellationReason cancellationReason,
        M total,
        List<Item<M>> items,
        List<Entry> timeline,
        Instant createdAt) {

    record Item<M>(UUID productId, String productName, int quantity, M unitPrice) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(Step step, Instant at, String detail) {}

    /** Money in v1: a decimal string, so no client parses it into a binary floating-point number. */
    record DecimalMoney(String amount, String currency) {

        static DecimalMoney of(Money money) {
            return new DecimalMoney(money.toDecimal().toPlainString(), money.currency());
        }
    }

    static OrderBody<DecimalMoney> v1(Order order) {
        return of(order, DecimalMoney::of);
    }

    /** Money in v2: the integer minor units events carry; no decimal parsing at all. */
    static OrderBody<Money> v2(Order order) {
        return of(order, Function.identity());
    }

    private static <M> OrderBody<M> of(Order order, Function<Money, M> money) {
        return new OrderBody<>(
                order.id(),
                order.status(),
                order.cancellationReason(),
                money.apply(order.total()),
                order.lines().stream()
                        .map(line -> new Item<>(
                                line.productId(), line.productName(), line.quantity(), money.apply(line.unitPrice())))
                        .toList(),
                order.timeline().stream()
                        .map(entry -> new Entry(entry.step(), entry.at(), entry.detail()))
                        .toList(),
                order.createdAt());
    }
}
