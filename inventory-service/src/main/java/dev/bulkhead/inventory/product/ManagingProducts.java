package dev.bulkhead.inventory.product;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading the catalogue, and an admin's changes to it. Every write locks the product's row first, so
 * an admin's change and a reservation never overwrite each other, and {@code If-Match} is compared
 * with the state the write is applied to.
 */
@Service
class ManagingProducts {

    private static final Logger log = LoggerFactory.getLogger(ManagingProducts.class);

    private final Products products;
    private final Clock clock;

    ManagingProducts(Products products, Clock clock) {
        this.products = products;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    ProductView find(UUID id) {
        return products.find(id).map(ProductView::of).orElseThrow(() -> new ProductNotFound(id));
    }

    @Transactional(readOnly = true)
    ProductPage list(ProductQuery query) {
        List<Product> page = query.byIds()
                ? products.page(query.ids(), query.offset(), query.size())
                : products.page(query.offset(), query.size());
        long total = query.byIds() ? products.count(query.ids()) : products.count();
        return new ProductPage(page.stream().map(ProductView::of).toList(), query.page(), query.size(), total);
    }

    @Transactional
    ProductView create(CreateProduct command) {
        Product product = Product.create(
                UUID.randomUUID(),
                command.name(),
                command.description(),
                command.price().toPrice(),
                command.stock(),
                clock.instant());
        products.insert(product);
        log.info("Added product {} ({}) with {} units", product.id(), product.name(), product.stock());
        return ProductView.of(product);
    }

    /**
     * Replaces name, description and price.
     *
     * @param ifMatch the request's {@code If-Match}, or {@code null} for an unconditional write
     * @throws ProductChangedMeanwhile when {@code ifMatch} names another state than the current one
     */
    @Transactional
    ProductView change(UUID id, ChangeProduct command, String ifMatch) {
        Product product = lockAndCheck(id, ifMatch);
        if (product.change(
                command.name(), command.description(), command.price().toPrice(), clock.instant())) {
            products.update(product);
        }
        return ProductView.of(product);
    }

    /**
     * Adds units to or removes them from the available stock; units reserved by orders are not touched.
     *
     * @throws InsufficientStock when the delta would take the available stock below zero
     */
    @Transactional
    ProductView changeStock(UUID id, ChangeStock command) {
        Product product = products.lock(id).orElseThrow(() -> new ProductNotFound(id));
        int before = product.stock();
        product.adjustStock(command.delta(), clock.instant());
        if (product.stock() != before) {
            products.update(product);
            log.info("Stock of product {}: {} -> {}", id, before, product.stock());
        }
        return ProductView.of(product);
    }

    private Product lockAndCheck(UUID id, String ifMatch) {
        Product product = products.lock(id).orElseThrow(() -> new ProductNotFound(id));
        String current = ProductView.of(product).etag();
        if (!ETags.ifMatchAdmits(ifMatch, current)) {
            throw new ProductChangedMeanwhile(id, ifMatch, current);
        }
        return product;
    }
}
