package dev.bulkhead.order.order;

import dev.bulkhead.resilience.Digests;
import dev.bulkhead.resilience.web.InvalidInput;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a customer asks for: products and quantities, and the payment provider's token for their
 * card. Prices and names are deliberately absent: they come from inventory, never from the client.
 */
public record PlaceOrder(
        @NotNull @Size(min = 1, max = MAX_LINES) List<@NotNull @Valid Line> items,
        // A provider's token (tok_..., pm_...): anything else is refused here, not by payment-service's
        // consumer after the order exists.
        @NotBlank
        @Size(max = 200)
        @Pattern(regexp = "[A-Za-z0-9_-]*", message = "must be a payment token: letters, digits, _ or -")
        String paymentToken) {

    public static final int MAX_LINES = 50;

    public record Line(
            @NotNull UUID productId,
            @Min(1) @Max(OrderLine.MAX_QUANTITY) int quantity) {}

    /**
     * A product listed twice is refused rather than merged: merging would have to decide whether
     * 600 + 600 breaks the per-line limit, and a client that sends it has a bug worth seeing.
     *
     * @throws InvalidInput naming the duplicated products
     */
    void requireDistinctProducts() {
        Set<UUID> seen = new LinkedHashSet<>();
        List<InvalidInput.Violation> duplicates = items.stream()
                .map(Line::productId)
                .filter(id -> !seen.add(id))
                .distinct()
                .map(id -> new InvalidInput.Violation(
                        "items", "product " + id + " is listed more than once; send one line per product"))
                .toList();
        if (!duplicates.isEmpty()) {
            throw new InvalidInput(duplicates);
        }
    }

    Set<UUID> productIds() {
        return items.stream().map(Line::productId).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * SHA-256 of the canonical request: lines sorted by product, so neither JSON formatting nor the
     * order of the lines makes the same request look different to the Idempotency-Key check.
     */
    String fingerprint() {
        String canonical = items.stream()
                        .sorted(Comparator.comparing(Line::productId))
                        .map(line -> line.productId() + "*" + line.quantity())
                        .collect(Collectors.joining(",", "items=[", "]"))
                + ";paymentToken=" + paymentToken;
        return Digests.sha256Hex(canonical);
    }
}
