package dev.bulkhead.order.inventory;

import java.util.List;
import java.util.UUID;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * inventory-service's public product API. The client name is fixed: resilience-lib wraps every Feign
 * client in a circuit breaker and a bulkhead by name, configures them under that name, and load-balances
 * it over the instances of {@code bulkhead.services.inventory} (no {@code url}: a retried GET goes to
 * another instance when one refuses the connection). Only the fields order-service reads are mapped; the
 * rest of the answer (stock, paging) is ignored, so inventory may add fields freely.
 */
@FeignClient(name = "inventory")
interface InventoryClient {

    /** The products with these ids ({@code ids=a,b,c}); unknown ids are simply absent from the answer. */
    @GetMapping("/api/v1/products")
    ProductList products(@RequestParam("ids") String ids);

    record ProductList(List<Item> items) {}

    record Item(UUID id, String name, Price price) {}

    record Price(String amount, String currency) {}
}
