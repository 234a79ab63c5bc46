package dev.bulkhead.inventory.product;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/products}: anyone reads (with ETags, so an unchanged product costs a 304 and no
 * body); only admins write (the security rules of resilience-lib say so before a request gets here).
 * Spring MVC answers {@code If-None-Match} itself from the ETag of a 200 {@link ResponseEntity}.
 */
@RestController
@RequestMapping("/api/v1/products")
class ProductController {

    /**
     * Five seconds, then ask again. Names and prices change rarely, but {@code stock} moves with every
     * order, and a catalogue page showing stale stock for long makes customers order what is gone.
     * Five seconds absorb the bursts (a page reload, many users of one gateway or CDN behind {@code
     * public}: the representation is the same for everyone) while staying close to the truth, and
     * {@code must-revalidate} forbids serving it stale past that, even when the service is down.
     * Revalidation is cheap: a matching ETag answers 304 without a body. The displayed stock is only
     * advice anyway: the reservation under row locks decides.
     */
    static final CacheControl CACHE =
            CacheControl.maxAge(Duration.ofSeconds(5)).cachePublic().mustRevalidate();

    private final ManagingProducts products;

    ProductController(ManagingProducts products) {
        this.products = products;
    }

    @GetMapping
    ResponseEntity<ProductPage> list(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String ids) {
        ProductPage found = products.list(ProductQuery.of(page, size, ids));
        return ResponseEntity.ok().eTag(found.etag()).cacheControl(CACHE).body(found);
    }

    @GetMapping("/{id}")
    ResponseEntity<ProductView> one(@PathVariable UUID id) {
        ProductView product = products.find(id);
        return ResponseEntity.ok().eTag(product.etag()).cacheControl(CACHE).body(product);
    }

    @PostMapping
    ResponseEntity<ProductView> create(@Valid @RequestBody CreateProduct command) {
        ProductView product = products.create(command);
        return ResponseEntity.created(URI.create("/api/v1/products/" + product.id()))
                .eTag(product.etag())
                .body(product);
    }

    @PutMapping("/{id}")
    ResponseEntity<ProductView> change(
            @PathVariable UUID id,
            @Valid @RequestBody ChangeProduct command,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        ProductView product = products.change(id, command, ifMatch);
        return ResponseEntity.ok().eTag(product.etag()).body(product);
    }

    @PostMapping("/{id}/stock")
    ResponseEntity<ProductView> changeStock(@PathVariable UUID id, @Valid @RequestBody ChangeStock command) {
        ProductView product = products.changeStock(id, command);
        return ResponseEntity.ok().eTag(product.etag()).body(product);
    }
}
