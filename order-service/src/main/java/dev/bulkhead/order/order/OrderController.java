package dev.bulkhead.order.order;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Placing an order and reading one back. The order is the caller's (the token's subject) or it does
 * not exist for them. Reading is versioned with Spring's API versioning (see web/ApiVersioning): the
 * version comes from the {@code API-Version} header if sent, else from the path ({@code /api/v2/...}).
 */
@RestController
class OrderController {

    static final String ORDERS = "/api/v1/orders";

    private final PlacingOrders placing;

    OrderController(PlacingOrders placing) {
        this.placing = placing;
    }

    /**
     * 202: the order exists (PENDING) and the saga has started; follow {@code Location} for its
     * progress. Retrying with the same {@code Idempotency-Key} and body answers with the same order.
     */
    @PostMapping(ORDERS)
    ResponseEntity<OrderBody<OrderBody.DecimalMoney>> place(
            @Valid @RequestBody PlaceOrder command,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey,
            @AuthenticationPrincipal Jwt caller) {
        Order order = placing.place(userId(caller), IdempotencyKey.of(idempotencyKey), command);
        return ResponseEntity.accepted()
                .location(URI.create(ORDERS + "/" + order.id()))
                .body(OrderBody.v1(order));
    }

    @GetMapping(path = "/api/{version}/orders/{id}", version = "1")
    OrderBody<OrderBody.DecimalMoney> v1(@PathVariable UUID id, @AuthenticationPrincipal Jwt caller) {
        return OrderBody.v1(placing.of(userId(caller), id));
    }

    @GetMapping(path = "/api/{version}/orders/{id}", version = "2")
    OrderBody<Money> v2(@PathVariable UUID id, @AuthenticationPrincipal Jwt caller) {
        return OrderBody.v2(placing.of(userId(caller), id));
    }

    private static UUID userId(Jwt caller) {
        return UUID.fromString(caller.getSubject());
    }
}
