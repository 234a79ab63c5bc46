package dev.bulkhead.payment.provider;

import dev.bulkhead.payment.charging.PaymentProvider;
import dev.bulkhead.payment.charging.ProviderAnswer;
import dev.bulkhead.payment.payment.ChargeCall;
import dev.bulkhead.payment.payment.RefundCall;
import feign.FeignException;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Speaks the provider's HTTP API and turns every outcome into a {@link ProviderAnswer}. Idempotency
 * keys: the order id for its charge, {@code refund-<order id>} for its refund — one charge and one
 * refund per order, however often either is sent.
 */
@Component
class FeignPaymentProvider implements PaymentProvider {

    private static final int PAYMENT_REQUIRED = 402;

    private final PaymentProviderClient client;
    private final JsonMapper json;

    FeignPaymentProvider(PaymentProviderClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    @Override
    public ProviderAnswer charge(ChargeCall call) {
        String reference = call.orderId().toString();
        return send(() -> client.charge(
                reference,
                new PaymentProviderClient.Charge(
                        call.amount().amountMinor(), call.amount().currency(), call.token(), reference)));
    }

    @Override
    public ProviderAnswer refund(RefundCall call) {
        String reference = call.orderId().toString();
        return send(() -> client.refund(
                "refund-" + reference,
                new PaymentProviderClient.Refund(
                        call.chargeReference(), call.amount().amountMinor(), reference)));
    }

    private ProviderAnswer send(Supplier<PaymentProviderClient.Receipt> request) {
        try {
            PaymentProviderClient.Receipt receipt = request.get();
            return receipt != null && receipt.succeeded()
                    ? new ProviderAnswer.Done(receipt.id())
                    : new ProviderAnswer.Unavailable("unexpected answer " + receipt);
        } catch (FeignException e) {
            return classify(e);
        } catch (RuntimeException e) {
            // Undecodable answers and the like: the outcome is unknown, and a repeat is harmless.
            return new ProviderAnswer.Unavailable(e.toString());
        }
    }

    private ProviderAnswer classify(FeignException e) {
        int status = e.status();
        if (status == PAYMENT_REQUIRED) {
            return new ProviderAnswer.Declined(errorCode(e));
        }
        // status < 0: no HTTP answer at all (connection refused or reset, read timeout).
        if (status < 0 || status >= 500 || status == 408 || status == 429) {
            return new ProviderAnswer.Unavailable(status < 0 ? String.valueOf(e.getMessage()) : "HTTP " + status);
        }
        return new ProviderAnswer.Refused(status, errorCode(e));
    }

    /** The provider's {@code error.code}, or what there is instead; for logs only. */
    private String errorCode(FeignException e) {
        String body = e.contentUTF8();
        if (body == null || body.isBlank()) {
            return "HTTP " + e.status();
        }
        try {
            String code = json.readTree(body).path("error").path("code").asString("");
            return code.isEmpty() ? body : code;
        } catch (JacksonException unreadable) {
            return body;
        }
    }
}
