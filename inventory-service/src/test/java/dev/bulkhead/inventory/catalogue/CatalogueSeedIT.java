package dev.bulkhead.inventory.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RunningService;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dev stack's demo catalogue: with seeding on, an empty database gets its 20 products at start,
 * and starting again changes nothing. Its own context (seeding on, listeners off: it has nothing to
 * do with the saga), closed after the class so it never competes for order-events.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bulkhead.inventory.catalogue.seed-when-empty=true", "spring.kafka.listener.auto-startup=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CatalogueSeedIT extends RunningService {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    CatalogueSeeder seeder;

    @Test
    void startsWithTheDemoCatalogueInItsFileOrder() throws Exception {
        JsonNode page = JSON.readTree(get("/api/v1/products?size=100").body());

        assertThat(page.path("total").asInt()).isEqualTo(20);
        List<JsonNode> items = page.path("items").valueStream().toList();
        for (int i = 0; i < items.size(); i++) {
            assertThat(items.get(i).path("id").asString()).isEqualTo("00000000-0000-4000-8000-%012d".formatted(i + 1));
            assertThat(items.get(i).path("price").path("currency").asString()).isEqualTo("EUR");
            assertThat(items.get(i).path("name").asString()).isNotBlank();
        }
        assertThat(items.getFirst().path("name").asString()).isEqualTo("Mechanical keyboard");
        assertThat(items.stream().filter(item -> item.path("stock").asInt() == 3))
                .as("two scarce products for demos")
                .hasSize(2);
        assertThat(items.stream().filter(item -> item.path("stock").asInt() == 100))
                .hasSize(18);
    }

    @Test
    void startingAgainAddsNothingAndOverwritesNothing() {
        String table =
                "select id, name, price_amount_minor, stock, reserved, version, updated_at from product order by id";
        var before = jdbc.queryForList(table);

        int added = seeder.seedIfEmpty(); // what the next start does

        assertThat(added).isZero();
        assertThat(jdbc.queryForList(table)).isEqualTo(before).hasSize(20);
    }

    private HttpResponse<String> get(String path) {
        return http().get(path);
    }
}
