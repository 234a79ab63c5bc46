package dev.bulkhead.order.view;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/orders}: the caller's orders from the read model only — never a call to another
 * service, so the list (and the gateway's overview, which asks for {@code limit}) keeps working when
 * user- or inventory-service is down.
 */
@RestController
class OrderListController {

    static final int MAX_LIMIT = 100;
    static final int MAX_PAGE = 10_000;

    private final OrderViews views;

    OrderListController(OrderViews views) {
        this.views = views;
    }

    @Operation(
            summary = "The caller's orders, newest first (eventually consistent)",
            description = "Built from events: a just-placed order or a just-changed status can take a moment to"
                    + " appear here. GET /api/v1/orders/{id} always reads the order itself.")
    @GetMapping("/api/v1/orders")
    ResponseEntity<OrderPage> mine(
            @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_LIMIT) int limit,
            @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @AuthenticationPrincipal Jwt caller) {
        UUID userId = UUID.fromString(caller.getSubject());
        var items = views.newestOf(userId, limit, page * limit);
        var body = new OrderPage(items, page, limit, views.countOf(userId), OrderPage.EVENTUAL);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}
