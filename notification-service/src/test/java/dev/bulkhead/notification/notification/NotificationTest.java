package dev.bulkhead.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationTest {

    private static final Instant RECORDED_AT = Instant.parse("2026-11-23T09:15:31Z");
    private static final Duration RETRY_IN = Duration.ofSeconds(5);

    private final Notification notification = Notification.record(
            UUID.randomUUID(),
            UUID.randomUUID(),
            new Message(NotificationKind.ORDER_CONFIRMED, "Your order is confirmed", "Hello"),
            RECORDED_AT);

    @Test
    void isRecordedAndDueAtOnce() {
        assertThat(notification.delivery()).isEqualTo(Delivery.RECORDED);
        assertThat(notification.pending()).isTrue();
        assertThat(notification.attempts()).isZero();
        assertThat(notification.nextAttemptAt()).isEqualTo(RECORDED_AT);
        assertThat(notification.sentAt()).isNull();
    }

    @Test
    void staysRecordedAndDueLaterAfterAFailedAttempt() {
        notification.attemptFailed("connection refused", RECORDED_AT, 3, RETRY_IN);

        assertThat(notification.delivery()).isEqualTo(Delivery.RECORDED);
        assertThat(notification.attempts()).isOne();
        assertThat(notification.lastError()).isEqualTo("connection refused");
        assertThat(notification.nextAttemptAt()).isEqualTo(RECORDED_AT.plus(RETRY_IN));
    }

    @Test
    void givesUpAfterTheLastAllowedAttempt() {
        notification.attemptFailed("connection refused", RECORDED_AT, 2, RETRY_IN);
        notification.attemptFailed("connection refused", RECORDED_AT.plusSeconds(5), 2, RETRY_IN);

        assertThat(notification.delivery()).isEqualTo(Delivery.FAILED);
        assertThat(notification.attempts()).isEqualTo(2);
        assertThat(notification.pending()).isFalse();
        assertThat(notification.nextAttemptAt()).isNull();
    }

    @Test
    void isSentAfterARetryAndForgetsTheFailure() {
        notification.attemptFailed("connection refused", RECORDED_AT, 3, RETRY_IN);
        Instant sentAt = RECORDED_AT.plusSeconds(6);

        notification.sent(sentAt);

        assertThat(notification.delivery()).isEqualTo(Delivery.SENT);
        assertThat(notification.sentAt()).isEqualTo(sentAt);
        assertThat(notification.attempts()).isEqualTo(2);
        assertThat(notification.lastError()).isNull();
        assertThat(notification.nextAttemptAt()).isNull();
    }

    @Test
    void failsAtOnceWhenTheMailCanNeverBeSent() {
        notification.undeliverable("bad address");

        assertThat(notification.delivery()).isEqualTo(Delivery.FAILED);
        assertThat(notification.attempts()).isOne();
    }

    @Test
    void neverMovesBackOnceSettled() {
        notification.sent(RECORDED_AT);

        assertThatThrownBy(() -> notification.attemptFailed("late", RECORDED_AT, 3, RETRY_IN))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> notification.sent(RECORDED_AT)).isInstanceOf(IllegalStateException.class);
        assertThat(notification.delivery()).isEqualTo(Delivery.SENT);
    }
}
