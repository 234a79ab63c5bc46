package dev.bulkhead.inventory.reservation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Where reservations are kept: one row per order, with its lines. */
@Repository
class Reservations {

    private final JdbcClient jdbc;

    Reservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean exists(UUID orderId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM reservation WHERE order_id = :orderId)")
                .param("orderId", orderId)
                .query(Boolean.class)
                .single();
    }

    /** The order's reservation, locked for the rest of the transaction. */
    Optional<Reservation> lock(UUID orderId) {
        record Head(
                ReservationStatus status, RejectionReason reason, OffsetDateTime createdAt, OffsetDateTime updatedAt) {}
        Optional<Head> head = jdbc.sql(
                        "SELECT status, reason, created_at, updated_at FROM reservation WHERE order_id = :orderId FOR UPDATE")
                .param("orderId", orderId)
                .query((row, number) -> new Head(
                        ReservationStatus.valueOf(row.getString("status")),
                        row.getString("reason") == null ? null : RejectionReason.valueOf(row.getString("reason")),
                        row.getObject("created_at", OffsetDateTime.class),
                        row.getObject("updated_at", OffsetDateTime.class)))
                .optional();
        return head.map(found -> new Reservation(
                orderId,
                found.status(),
                found.reason(),
                lines(orderId),
                found.createdAt().toInstant(),
                found.updatedAt().toInstant()));
    }

    /**
     * Stores a new reservation; the primary key refuses a second one for the same order.
     *
     * @return false when the order has one already (nothing was stored)
     */
    boolean insert(Reservation reservation) {
        int rows = jdbc.sql("INSERT INTO reservation (order_id, status, reason, created_at, updated_at)"
                        + " VALUES (:orderId, :status, :reason, :createdAt, :updatedAt) ON CONFLICT DO NOTHING")
                .param("orderId", reservation.orderId())
                .param("status", reservation.status().name())
                .param("reason", reservation.reason().map(Enum::name).orElse(null))
                .param("createdAt", utc(reservation))
                .param("updatedAt", OffsetDateTime.ofInstant(reservation.updatedAt(), ZoneOffset.UTC))
                .update();
        if (rows == 0) {
            return false;
        }
        for (Line line : reservation.lines()) {
            jdbc.sql(
                            "INSERT INTO reservation_line (order_id, product_id, quantity) VALUES (:orderId, :productId, :quantity)")
                    .param("orderId", reservation.orderId())
                    .param("productId", line.productId())
                    .param("quantity", line.quantity())
                    .update();
        }
        return true;
    }

    void updateStatus(Reservation reservation) {
        jdbc.sql("UPDATE reservation SET status = :status, updated_at = :updatedAt WHERE order_id = :orderId")
                .param("orderId", reservation.orderId())
                .param("status", reservation.status().name())
                .param("updatedAt", OffsetDateTime.ofInstant(reservation.updatedAt(), ZoneOffset.UTC))
                .update();
    }

    private List<Line> lines(UUID orderId) {
        return jdbc.sql(
                        "SELECT product_id, quantity FROM reservation_line WHERE order_id = :orderId ORDER BY product_id")
                .param("orderId", orderId)
                .query(Reservations::line)
                .list();
    }

    private static Line line(ResultSet row, int number) throws SQLException {
        return new Line(row.getObject("product_id", UUID.class), row.getInt("quantity"));
    }

    private static OffsetDateTime utc(Reservation reservation) {
        return OffsetDateTime.ofInstant(reservation.createdAt(), ZoneOffset.UTC);
    }
}
