package dev.bulkhead.payment.charging;

import dev.bulkhead.payment.payment.ChargeCall;
import dev.bulkhead.payment.payment.RefundCall;

/**
 * The external payment provider, as charging needs it. Implementations send the order id as the
 * idempotency key and never throw: every outcome is an {@link ProviderAnswer}.
 */
public interface PaymentProvider {

    ProviderAnswer charge(ChargeCall call);

    ProviderAnswer refund(RefundCall call);
}
