package dev.bulkhead.notification.notification;

import dev.bulkhead.notification.recipient.Recipient;
import java.util.Optional;
import java.util.UUID;

/**
 * What each kind of notification says. Plain text, because it is shown by the API and mailed alike;
 * a recipient not known yet is greeted without a name rather than not told at all.
 */
final class Messages {

    private static final String SIGNATURE = "\n\nThe Bulkhead team";

    private Messages() {}

    static Message welcome(Optional<Recipient> to, String name) {
        return new Message(
                NotificationKind.WELCOME,
                "Welcome to Bulkhead, " + name,
                "Hello " + name + ",\n\nyour Bulkhead account is ready. We will write to you here whenever one of your"
                        + " orders is confirmed, cancelled or refunded."
                        + to.map(recipient -> "\n\nYou registered as " + recipient.email() + ".")
                                .orElse("")
                        + SIGNATURE);
    }

    static Message orderConfirmed(Optional<Recipient> to, UUID orderId, Money total) {
        return new Message(
                NotificationKind.ORDER_CONFIRMED,
                "Your order " + shortId(orderId) + " is confirmed",
                greeting(to) + "your order " + orderId + " is confirmed: we received your payment of " + total
                        + " and are getting the order ready." + SIGNATURE);
    }

    static Message orderCancelled(Optional<Recipient> to, UUID orderId, String reason, Money total) {
        return new Message(
                NotificationKind.ORDER_CANCELLED,
                "Your order " + shortId(orderId) + " was cancelled",
                greeting(to) + "we are sorry: your order " + orderId + " (total " + total + ") was cancelled because "
                        + because(reason) + ".\n\nYou pay nothing for it: if anything was charged, it is refunded,"
                        + " and we will tell you when." + SIGNATURE);
    }

    static Message paymentRefunded(Optional<Recipient> to, UUID orderId, Money amount, String reference) {
        return new Message(
                NotificationKind.PAYMENT_REFUNDED,
                amount + " refunded for order " + shortId(orderId),
                greeting(to) + "we refunded " + amount + " for your order " + orderId + ". Depending on your bank it"
                        + " can take a few days to show on your statement.\n\nRefund reference: " + reference
                        + SIGNATURE);
    }

    /** The cancellation reasons of OrderCancelled, in words; an unknown one still reads as a sentence. */
    static String because(String reason) {
        return switch (reason) {
            case "OUT_OF_STOCK" -> "some of its items are out of stock";
            case "PAYMENT_DECLINED" -> "your payment was declined";
            case "PAYMENT_FAILED" -> "your payment could not be processed";
            case "TIMEOUT" -> "it could not be completed in time";
            default -> "it could not be completed";
        };
    }

    private static String greeting(Optional<Recipient> to) {
        return to.map(recipient -> "Hello " + recipient.name() + ",\n\n").orElse("Hello,\n\n");
    }

    private static String shortId(UUID id) {
        return id.toString().substring(0, 8);
    }
}
