package dev.bulkhead.payment.payment;

import dev.bulkhead.resilience.web.InvalidInput;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading one's own payments; another user's are as invisible as ones that do not exist. */
@Service
class PaymentQueries {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Payments payments;

    PaymentQueries(Payments payments) {
        this.payments = payments;
    }

    @Transactional(readOnly = true)
    Payment ofOrder(String orderId, UUID caller) {
        if (orderId == null || orderId.isBlank()) {
            throw InvalidInput.of("orderId", "is required: GET /api/v1/payments?orderId=<order id>");
        }
        if (!UUID_TEXT.matcher(orderId).matches()) {
            throw InvalidInput.of("orderId", "must be a UUID");
        }
        UUID order = UUID.fromString(orderId);
        return payments.findOwnedByOrder(order, caller)
                .orElseThrow(() -> new PaymentNotFound("No payment for order " + order));
    }

    @Transactional(readOnly = true)
    Payment byId(String id, UUID caller) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw new PaymentNotFound("No payment " + id); // a path that is no UUID names no payment
        }
        UUID paymentId = UUID.fromString(id);
        return payments.findOwned(paymentId, caller).orElseThrow(() -> new PaymentNotFound(paymentId));
    }
}
