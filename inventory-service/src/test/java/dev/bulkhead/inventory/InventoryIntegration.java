package dev.bulkhead.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.Topics;
import dev.bulkhead.testsupport.http.Eventually;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * inventory-service against real Postgres and Kafka, one application context shared by every
 * subclass: the service's consumer group has one member, so an event a test sends is handled by the
 * context whose database the test looks into. (A second live context of this service would join the
 * group and could take the partition; those that need other settings close theirs after the class.)
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class InventoryIntegration {

    protected static final Duration TIMEOUT = Duration.ofSeconds(30);
    protected static final JsonMapper JSON = TestHttp.JSON;

    /** Lives as long as the test JVM, like the shared context that trusts its keys. */
    protected static final StandInAuth auth = StandInAuth.start();

    @DynamicPropertySource
    static void trustTheStandInAuth(DynamicPropertyRegistry registry) {
        auth.register(registry);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected KafkaTemplate<String, String> kafka;

    @Autowired
    protected ConsumerFactory<String, String> consumers;

    @Autowired
    protected JdbcTemplate jdbc;

    protected TestHttp http() {
        return TestHttp.at(port);
    }

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
