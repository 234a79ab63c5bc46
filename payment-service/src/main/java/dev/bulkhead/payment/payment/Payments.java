package dev.bulkhead.payment.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where payments are kept. Plain SQL rather than an ORM because the two things that matter here are
 * SQL's: a row lock that serialises every change to one order's payment ({@code FOR UPDATE}), and
 * an insert that two listeners may race on without either failing ({@code ON CONFLICT DO NOTHING}).
 */
@Repository
class Payments {

    private final JdbcClient jdbc;

    Payments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The order's payment, created if this is the first event about the order, locked until the
     * transaction ends: OrderCreated and StockReserved come on different topics, so different threads.
     */
    Payment lockOrCreate(UUID orderId, Instant at) {
        Payment fresh = Payment.forOrder(UUID.randomUUID(), orderId, at);
        jdbc.sql("""
                        INSERT INTO payment (id, order_id, status, created_at, updated_at)
                        VALUES (:id, :orderId, :status, :at, :at)
                        ON CONFLICT (order_id) DO NOTHING""")
                .param("id", fresh.id())
                .param("orderId", orderId)
                .param("status", fresh.status().name())
                .param("at", time(at))
                .update();
        return jdbc.sql("SELECT * FROM payment WHERE order_id = :orderId FOR UPDATE")
                .param("orderId", orderId)
                .query(Payments::map)
                .single();
    }

    Optional<Payment> lock(UUID id) {
        return jdbc.sql("SELECT * FROM payment WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(Payments::map)
                .optional();
    }

    void save(Payment payment) {
        PaymentRow row = payment.row();
        jdbc.sql("""
                        UPDATE payment SET
                            user_id = :userId, amount_minor = :amountMinor, currency = :currency,
                            payment_token = :paymentToken, status = :status,
                            order_created_at = :orderCreatedAt, stock_reserved_at = :stockReservedAt,
                            order_cancelled_at = :orderCancelledAt, cancellation_reason = :cancellationReason,
                            charge_requested_at = :chargeRequestedAt, charged_at = :chargedAt,
                            charge_reference = :chargeReference, failure_reason = :failureReason,
                            failed_at = :failedAt, refund_requested_at = :refundRequestedAt,
                            refunded_at = :refundedAt, refund_reference = :refundReference,
                            provider_call_at = :providerCallAt, provider_lease = :providerLease,
                            updated_at = :updatedAt
                        WHERE id = :id""")
                .param("id", row.id())
                .param("userId", row.userId())
                .param("amountMinor", row.amount() == null ? null : row.amount().amountMinor())
                .param("currency", row.amount() == null ? null : row.amount().currency())
                .param("paymentToken", row.paymentToken())
                .param("status", row.status().name())
                .param("orderCreatedAt", time(row.orderCreatedAt()))
                .param("stockReservedAt", time(row.stockReservedAt()))
                .param("orderCancelledAt", time(row.orderCancelledAt()))
                .param("cancellationReason", row.cancellationReason())
                .param("chargeRequestedAt", time(row.chargeRequestedAt()))
                .param("chargedAt", time(row.chargedAt()))
                .param("chargeReference", row.chargeReference())
                .param(
                        "failureReason",
                        row.failureReason() == null ? null : row.failureReason().name())
                .param("failedAt", time(row.failedAt()))
                .param("refundRequestedAt", time(row.refundRequestedAt()))
                .param("refundedAt", time(row.refundedAt()))
                .param("refundReference", row.refundReference())
                .param("providerCallAt", time(row.providerCallAt()))
                .param("providerLease", row.providerLease())
                .param("updatedAt", time(row.updatedAt()))
                .update();
    }

    /**
     * Takes or renews the lease on a provider call: one statement, committed at once, so no transaction
     * (and no connection) is held while the provider thinks. It succeeds only for the holder of
     * {@code lease} or when nobody holds a live one (none taken, or taken before {@code staleBefore}):
     * two instances, or a sweep and a fresh request, never call the provider for one payment at once.
     *
     * @return the payment, when it still is in {@code expected} and the lease is now {@code lease}'s
     */
    Optional<Payment> startProviderCall(UUID id, PaymentStatus expected, UUID lease, Instant at, Instant staleBefore) {
        return jdbc.sql("""
                        UPDATE payment SET provider_call_at = :at, provider_lease = :lease,
                            provider_attempts = provider_attempts + 1
                        WHERE id = :id AND status = :expected
                          AND (provider_lease = :lease OR provider_call_at IS NULL OR provider_call_at < :staleBefore)
                        RETURNING *""")
                .param("id", id)
                .param("expected", expected.name())
                .param("lease", lease)
                .param("at", time(at))
                .param("staleBefore", time(staleBefore))
                .query(Payments::map)
                .optional();
    }

    /**
     * Claims up to {@code limit} charges and refunds that are due and whose lease ran out before
     * {@code staleBefore}, each under a new lease of its own, in one statement: {@code SKIP LOCKED}
     * while choosing, so two sweeps never pick the same row nor wait for each other, and the lease
     * stamped before the row lock is let go, so nobody else starts the call meanwhile.
     */
    List<Claimed> claimDue(Instant at, Instant staleBefore, int limit) {
        return jdbc.sql("""
                        UPDATE payment SET provider_call_at = :at, provider_lease = gen_random_uuid()
                        WHERE id IN (
                            SELECT id FROM payment
                            WHERE status IN ('CHARGE_REQUESTED', 'REFUND_REQUESTED')
                              AND (provider_call_at IS NULL OR provider_call_at < :staleBefore)
                            ORDER BY provider_call_at NULLS FIRST
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        RETURNING id, status, provider_lease""")
                .param("at", time(at))
                .param("staleBefore", time(staleBefore))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        PaymentStatus.valueOf(rs.getString("status")),
                        rs.getObject("provider_lease", UUID.class)))
                .list();
    }

    /**
     * Gives a lease back at once instead of letting it run out, when its holder cannot make the call
     * (this instance's queue is full, or it is making that call already under another lease).
     */
    void releaseLease(UUID id, UUID lease) {
        jdbc.sql("""
                        UPDATE payment SET provider_call_at = NULL, provider_lease = NULL
                        WHERE id = :id AND provider_lease = :lease""").param("id", id).param("lease", lease).update();
    }

    record Claimed(UUID paymentId, PaymentStatus status, UUID lease) {}

    Optional<Payment> findOwned(UUID id, UUID userId) {
        return jdbc.sql("SELECT * FROM payment WHERE id = :id AND user_id = :userId")
                .param("id", id)
                .param("userId", userId)
                .query(Payments::map)
                .optional();
    }

    Optional<Payment> findOwnedByOrder(UUID orderId, UUID userId) {
        return jdbc.sql("SELECT * FROM payment WHERE order_id = :orderId AND user_id = :userId")
                .param("orderId", orderId)
                .param("userId", userId)
                .query(Payments::map)
                .optional();
    }

    private static Payment map(ResultSet rs, int rowNumber) throws SQLException {
        long amountMinor = rs.getLong("amount_minor");
        Money amount = rs.wasNull() ? null : new Money(amountMinor, rs.getString("currency"));
        String failure = rs.getString("failure_reason");
        return new Payment(new PaymentRow(
                rs.getObject("id", UUID.class),
                rs.getObject("order_id", UUID.class),
                rs.getObject("user_id", UUID.class),
                amount,
                rs.getString("payment_token"),
                PaymentStatus.valueOf(rs.getString("status")),
                instant(rs, "order_created_at"),
                instant(rs, "stock_reserved_at"),
                instant(rs, "order_cancelled_at"),
                rs.getString("cancellation_reason"),
                instant(rs, "charge_requested_at"),
                instant(rs, "charged_at"),
                rs.getString("charge_reference"),
                failure == null ? null : FailureReason.valueOf(failure),
                instant(rs, "failed_at"),
                instant(rs, "refund_requested_at"),
                instant(rs, "refunded_at"),
                rs.getString("refund_reference"),
                instant(rs, "provider_call_at"),
                rs.getObject("provider_lease", UUID.class),
                instant(rs, "created_at"),
                instant(rs, "updated_at")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
