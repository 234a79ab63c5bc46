package dev.bulkhead.order.inventory;

import feign.FeignException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Looks up the current names and prices of products. Every way the call can fail — refused
 * connection, timeout, an error status, an answer that does not parse — is one
 * {@link InventoryUnavailable}: the caller cannot tell them apart usefully, only retry later.
 */
@Component
public class Inventory {

    private static final Logger log = LoggerFactory.getLogger(Inventory.class);

    private final InventoryClient client;

    Inventory(InventoryClient client) {
        this.client = client;
    }

    /**
     * The products among {@code ids} that inventory knows, by id.
     *
     * @throws InventoryUnavailable when inventory cannot answer
     */
    public Map<UUID, Product> products(Collection<UUID> ids) {
        InventoryClient.ProductList answer;
        try {
            answer = client.products(ids.stream().map(UUID::toString).collect(Collectors.joining(",")));
        } catch (FeignException e) {
            String reason = e.status() > 0 ? "inventory answered " + e.status() : "inventory unreachable";
            log.warn("Product lookup failed: {} ({})", reason, e.getClass().getSimpleName());
            throw new InventoryUnavailable(reason, e);
        }
        try {
            Map<UUID, Product> products = new LinkedHashMap<>();
            if (answer != null && answer.items() != null) {
                for (InventoryClient.Item item : answer.items()) {
                    if (ids.contains(item.id())) {
                        products.put(item.id(), product(item));
                    }
                }
            }
            return products;
        } catch (RuntimeException e) {
            log.warn("Product lookup answered something unusable: {}", e.toString());
            throw new InventoryUnavailable("unreadable answer", e);
        }
    }

    private static Product product(InventoryClient.Item item) {
        if (item.name() == null || item.name().isBlank() || item.price() == null) {
            throw new IllegalArgumentException("product " + item.id() + " has no name or price");
        }
        String currency = item.price().currency();
        int digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        // longValueExact refuses more decimals than the currency has: 12.505 EUR is no price.
        long minor =
                new BigDecimal(item.price().amount()).movePointRight(digits).longValueExact();
        if (minor < 0) {
            throw new IllegalArgumentException("product " + item.id() + " has a negative price");
        }
        return new Product(item.id(), item.name(), minor, currency);
    }
}
