package dev.bulkhead.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a fake gateway in this JVM: what the simulation sets up, and what it refuses to run against. */
class PreparationTest {

    private HttpServer gateway;
    private volatile String rateLimit = "1000";
    private volatile String catalogue = "{\"items\":[]}";
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger profileMisses = new AtomicInteger(2);

    @BeforeEach
    void startFakeGateway() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/api/v1/products", exchange -> {
            exchange.getResponseHeaders().add("X-RateLimit-Limit", rateLimit);
            answer(exchange, 200, catalogue);
        });
        gateway.createContext("/api/v1/auth/register", exchange -> {
            registrations.incrementAndGet();
            answer(exchange, 201, "{}");
        });
        gateway.createContext("/api/v1/auth/login", exchange -> answer(exchange, 200, "{\"access_token\":\"t\"}"));
        // user-service builds a profile from an event: the first reads find none yet.
        gateway.createContext(
                "/api/v1/users/me",
                exchange -> answer(exchange, profileMisses.getAndDecrement() > 0 ? 404 : 200, "{}"));
        gateway.start();
    }

    @AfterEach
    void stopFakeGateway() {
        gateway.stop(0);
    }

    @Test
    void refusesAGatewayThatStillHasItsDefaultRateLimits() {
        rateLimit = "20";

        assertThatThrownBy(() -> preparation(Map.of()).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("burst of 20")
                .hasMessageContaining("BULKHEAD_GATEWAY_RATELIMIT_ANONYMOUS_BURST=1000");
    }

    @Test
    void refusesAGatewayThatDoesNotAnswerSayingHowToStartTheStack() {
        gateway.stop(0);

        assertThatThrownBy(() -> preparation(Map.of()).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not answer")
                .hasMessageContaining("./bulkhead up");
    }

    @Test
    void registersTheLoginAccountsAndWaitsForTheirProfiles() throws Exception {
        var preparation = preparation(Map.of("load.orderUsersPerSec", "0", "load.accounts", "3"));

        preparation.run();

        assertThat(registrations).hasValue(3);
        assertThat(profileMisses.get()).as("profiles polled until found").isNegative();
        var accounts = take(preparation.accounts(), 4);
        assertThat(accounts.subList(0, 3)).extracting(a -> a.get("email")).doesNotHaveDuplicates();
        assertThat(accounts.get(3)).as("takes turns").isEqualTo(accounts.get(0));
    }

    @Test
    void setsAsideOneUnitOfStockPerPlannedOrderSpreadOverTheProducts() throws Exception {
        catalogue = "{\"items\":[{\"id\":\"a\",\"stock\":1},{\"id\":\"b\",\"stock\":5},{\"id\":\"c\",\"stock\":0},"
                + "{\"id\":\"d\",\"stock\":5}]}";
        // 1/s held 5 s, no ramp: 5 orders
        var preparation = preparation(Map.of(
                "load.loginUsersPerSec", "0",
                "load.orderUsersPerSec", "1",
                "load.rampSeconds", "0",
                "load.durationSeconds", "5"));

        preparation.run();

        assertThat(take(preparation.stockUnits(), 5))
                .extracting(unit -> unit.get("productId"))
                .containsExactly("a", "b", "d", "b", "d");
    }

    @Test
    void refusesToPlaceMoreOrdersThanThereIsStock() {
        catalogue = "{\"items\":[{\"id\":\"a\",\"stock\":2}]}";
        var preparation = preparation(Map.of(
                "load.loginUsersPerSec", "0",
                "load.orderUsersPerSec", "1",
                "load.rampSeconds", "0",
                "load.durationSeconds", "3"));

        assertThatThrownBy(preparation::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 units in stock for the 3 orders")
                .hasMessageContaining("./bulkhead up --fresh");
    }

    private Preparation preparation(Map<String, String> overrides) {
        var properties = new Properties();
        properties.setProperty(
                "load.baseUrl", "http://127.0.0.1:" + gateway.getAddress().getPort());
        overrides.forEach(properties::setProperty);
        return new Preparation(LoadSettings.from(properties));
    }

    private static List<Map<String, Object>> take(Iterator<Map<String, Object>> feeder, int count) {
        var taken = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < count; i++) taken.add(feeder.next());
        return taken;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
