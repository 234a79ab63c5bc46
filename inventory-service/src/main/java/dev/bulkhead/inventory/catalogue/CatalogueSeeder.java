package dev.bulkhead.inventory.catalogue;

import dev.bulkhead.inventory.product.Price;
import dev.bulkhead.inventory.product.Product;
import dev.bulkhead.inventory.product.Products;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fills an empty catalogue once the application is ready, when {@link CatalogueSettings#seedWhenEmpty}
 * says so: every product of the file in one transaction, or none. A catalogue with any product in it
 * is never touched, so restarts and admins' changes are safe.
 */
@Component
class CatalogueSeeder {

    private static final Logger log = LoggerFactory.getLogger(CatalogueSeeder.class);

    private final CatalogueSettings settings;
    private final Products products;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ResourceLoader resources;
    private final JsonMapper json;
    private final Clock clock;

    CatalogueSeeder(
            CatalogueSettings settings,
            Products products,
            JdbcClient jdbc,
            TransactionTemplate transaction,
            ResourceLoader resources,
            JsonMapper json,
            Clock clock) {
        this.settings = settings;
        this.products = products;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.resources = resources;
        this.json = json;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (settings.seedWhenEmpty()) {
            seedIfEmpty();
        }
    }

    /** @return how many products were added: all of the file's, or 0 when the catalogue had products */
    int seedIfEmpty() {
        List<Product> catalogue = read(settings.location(), clock.instant());
        Integer added = transaction.execute(status -> {
            // Two instances starting together must not both find the table empty: the second waits here,
            // then sees the first one's products. Readers are not blocked.
            jdbc.sql("LOCK TABLE product IN SHARE ROW EXCLUSIVE MODE").update();
            if (!products.isEmpty()) {
                return 0;
            }
            catalogue.forEach(products::insert);
            return catalogue.size();
        });
        if (added != null && added > 0) {
            log.info("Loaded {} products from {} into the empty catalogue", added, settings.location());
        } else {
            log.info("The catalogue has products: {} not loaded", settings.location());
        }
        return added == null ? 0 : added;
    }

    private List<Product> read(String location, Instant at) {
        Resource resource = resources.getResource(location);
        CatalogueFile file;
        try (InputStream in = resource.getInputStream()) {
            file = json.readValue(in, CatalogueFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the catalogue " + location, e);
        }
        if (file.products() == null || file.products().isEmpty()) {
            throw new IllegalStateException("The catalogue " + location + " lists no products");
        }
        // One instant for all: the listing (oldest first, then by id) shows them in the file's id order.
        return file.products().stream()
                .map(entry -> Product.create(
                        entry.id(),
                        entry.name(),
                        entry.description(),
                        Price.parse(entry.price().amount(), entry.price().currency()),
                        entry.stock(),
                        at))
                .toList();
    }
}
