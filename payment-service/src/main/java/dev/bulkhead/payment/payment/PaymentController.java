package dev.bulkhead.payment.payment;

import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/payments}: the caller's own payments only.
 *
 * <p>{@code ?orderId=} of another user's order answers 404, not an empty list. Either answer gives
 * nothing away as long as it is the same for "not yours", "no such order" and "no payment yet", and
 * all three are 404 here; 404 keeps the query symmetric with {@code GET /api/v1/payments/{id}}, where
 * an id the caller may not see is 404 as well.
 */
@RestController
@RequestMapping("/api/v1/payments")
class PaymentController {

    private final PaymentQueries queries;

    PaymentController(PaymentQueries queries) {
        this.queries = queries;
    }

    @GetMapping
    PaymentView.Page ofOrder(
            @RequestParam(name = "orderId", required = false) String orderId, @AuthenticationPrincipal Jwt caller) {
        return new PaymentView.Page(List.of(PaymentView.of(queries.ofOrder(orderId, userId(caller)))));
    }

    @GetMapping("/{id}")
    PaymentView one(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
        return PaymentView.of(queries.byId(id, userId(caller)));
    }

    private static UUID userId(Jwt caller) {
        return UUID.fromString(caller.getSubject());
    }
}
