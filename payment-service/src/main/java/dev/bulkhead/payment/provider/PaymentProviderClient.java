package dev.bulkhead.payment.provider;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The provider's API (tooling/payment-provider/README.md). Its timeouts are this client's own,
 * {@code spring.cloud.openfeign.client.config.payment-provider.*} in application.yml.
 */
@FeignClient(name = "payment-provider", url = "${bulkhead.clients.payment-provider.url}")
interface PaymentProviderClient {

    String IDEMPOTENCY_KEY = "Idempotency-Key";

    @PostMapping(
            path = "/v1/charges",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Receipt charge(@RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey, @RequestBody Charge charge);

    @PostMapping(
            path = "/v1/refunds",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Receipt refund(@RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey, @RequestBody Refund refund);

    /** {@code POST /v1/charges}; {@code reference} is the order id, echoed in the charge's id. */
    record Charge(long amountMinor, String currency, String token, String reference) {}

    /** {@code POST /v1/refunds}: the whole charge back. */
    record Refund(String charge, long amountMinor, String reference) {}

    /** The provider's answer to a charge or refund that went through. */
    record Receipt(String id, String status) {

        boolean succeeded() {
            return "succeeded".equals(status) && id != null && !id.isBlank();
        }
    }
}
