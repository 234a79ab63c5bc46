package dev.bulkhead.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.notification.recipient.Recipient;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesTest {

    private static final UUID ORDER = UUID.fromString("7d4f1c2e-9a3b-4e5f-8c6d-1a2b3c4d5e6f");
    private static final Optional<Recipient> ADA =
            Optional.of(new Recipient(UUID.randomUUID(), "ada@example.com", "Ada Lovelace"));

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "17800, EUR, EUR 178.00",
        "5,     EUR, EUR 0.05",
        "0,     USD, USD 0.00",
        "1780,  JPY, JPY 1780",
        "12345, XYZ, XYZ 123.45"
    })
    void writesAmountsInTheCurrencysOwnDecimals(long minor, String currency, String written) {
        assertThat(new Money(minor, currency)).hasToString(written);
    }

    @Test
    void refusesMoneyThatIsNoAmount() {
        assertThatThrownBy(() -> new Money(-1, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(100, "euro")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(100, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void confirmsTheOrderWithItsIdAndTotal() {
        Message message = Messages.orderConfirmed(ADA, ORDER, new Money(17800, "EUR"));

        assertThat(message.kind()).isEqualTo(NotificationKind.ORDER_CONFIRMED);
        assertThat(message.subject()).contains("7d4f1c2e").contains("confirmed");
        assertThat(message.body()).startsWith("Hello Ada Lovelace,").contains(ORDER.toString(), "EUR 178.00");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "OUT_OF_STOCK,     some of its items are out of stock",
        "PAYMENT_DECLINED, your payment was declined",
        "PAYMENT_FAILED,   your payment could not be processed",
        "TIMEOUT,          it could not be completed in time",
        "SOMETHING_NEW,    it could not be completed"
    })
    void explainsTheCancellationInWords(String reason, String words) {
        Message message = Messages.orderCancelled(ADA, ORDER, reason, new Money(17800, "EUR"));

        assertThat(message.kind()).isEqualTo(NotificationKind.ORDER_CANCELLED);
        assertThat(message.body()).contains(ORDER.toString(), "EUR 178.00", "because " + words + ".");
        assertThat(message.body()).doesNotContain(reason);
    }

    @Test
    void tellsTheRefundedAmountAndReference() {
        Message message = Messages.paymentRefunded(ADA, ORDER, new Money(17800, "EUR"), "re_7d4f1c2e");

        assertThat(message.kind()).isEqualTo(NotificationKind.PAYMENT_REFUNDED);
        assertThat(message.subject()).startsWith("EUR 178.00 refunded");
        assertThat(message.body()).contains(ORDER.toString(), "EUR 178.00", "re_7d4f1c2e");
    }

    @Test
    void welcomesByNameAndGreetsAnUnknownRecipientWithoutOne() {
        assertThat(Messages.welcome(ADA, "Ada Lovelace").subject()).isEqualTo("Welcome to Bulkhead, Ada Lovelace");
        assertThat(Messages.orderConfirmed(Optional.empty(), ORDER, new Money(100, "EUR"))
                        .body())
                .startsWith("Hello,\n");
    }
}
