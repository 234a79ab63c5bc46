package dev.bulkhead.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RunningService;
import dev.bulkhead.testsupport.Topics;
import dev.bulkhead.testsupport.http.Eventually;
import dev.bulkhead.testsupport.http.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * inventory-service against real Postgres and Kafka, one application context shared by every
 * subclass: the service's consumer group has one member, so an event a test sends is handled by the
 * context whose database the test looks into. (A second live context of this service would join the
 * group and could take the partition; those that need other settings close theirs after the class.)
 */
public abstract class InventoryIntegration extends RunningService {

    protected static final Duration TIMEOUT = Duration.ofSeconds(30);
    protected static final JsonMapper JSON = TestHttp.JSON;

    /** Adds a product through the admin API; returns its id. */
    protected UUID createProduct(String name, String amount, int stock) throws Exception {
        var response = send("POST", "/api/v1/products", auth.admin(), """
                {"name":"%s","price":{"amount":"%s","currency":"EUR"},"stock":%d}""".formatted(name, amount, stock), Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(JSON.readTree(response.body()).path("id").asString());
    }

    /** Available and reserved units of a product, straight from its row. */
    protected Units units(UUID productId) {
        return jdbc.queryForObject(
                "select stock, reserved from product where id = ?",
                (row, number) -> new Units(row.getInt("stock"), row.getInt("reserved")),
                productId);
    }

    public record Units(int stock, int reserved) {}

    protected HttpResponse<String> get(String path, Map<String, String> headers) {
        return send("GET", path, null, null, headers);
    }

    protected HttpResponse<String> send(
            String method, String path, String token, String body, Map<String, String> headers) {
        List<String> pairs = new ArrayList<>();
        if (token != null) pairs.addAll(List.of("Authorization", "Bearer " + token));
        headers.forEach((name, value) -> pairs.addAll(List.of(name, value)));
        return http().send(method, path, body, pairs.toArray(String[]::new));
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return TestHttp.json(response);
    }

    protected int count(String sql, Object... arguments) {
        Integer count = jdbc.queryForObject(sql, Integer.class, arguments);
        return count == null ? 0 : count;
    }

    protected ConsumerRecord<String, String> readOne(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return Topics.readingWith(consumers, TIMEOUT).first(topic, wanted);
    }

    protected static void await(String what, BooleanSupplier condition) {
        Eventually.within(TIMEOUT).until(what, condition);
    }
}
