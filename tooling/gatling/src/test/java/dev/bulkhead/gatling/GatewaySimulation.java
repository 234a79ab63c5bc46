package dev.bulkhead.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIfFailed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Three kinds of visitor at the gateway, arriving at fixed rates (an open model: new users keep coming
 * whether or not the system keeps up, as on the web), below what a 2-core laptop running the whole stack
 * saturates at. The objectives are the run's assertions: no failed request, a bound on every request's
 * 99th percentile per scenario, and every order placed reaching CONFIRMED within a bounded time.
 *
 * <ul>
 *   <li><b>browse</b>: lists the catalogue, then opens one of its products;
 *   <li><b>login</b>: logs in to one of the prepared accounts and reads its profile;
 *   <li><b>order-to-CONFIRMED</b>: registers, logs in, orders one unit of a product in stock, and polls
 *       the order until the saga has ended it (a bounded number of polls past the saga's deadline).
 * </ul>
 */
public class GatewaySimulation extends io.gatling.javaapi.core.Simulation {

    static final String BROWSE = "browse";
    static final String LOGIN = "login";
    static final String ORDER = "order-to-CONFIRMED";
    static final String SAGA = "POST to CONFIRMED";

    private final LoadSettings settings = LoadSettings.from(System.getProperties());
    private final Preparation preparation = new Preparation(settings);

    public GatewaySimulation() {
        var populations = new ArrayList<PopulationBuilder>();
        var assertions = new ArrayList<Assertion>();
        // Below saturation nothing may fail: not a 429, not a 503, not a timeout.
        assertions.add(global().failedRequests().percent().lte(0.0));
        if (settings.browseUsersPerSec() > 0) {
            populations.add(arriving(browse(), settings.browseUsersPerSec()));
            assertions.addAll(p99(settings.browseP99(), List.of(BROWSE), "list products", "get product"));
        }
        if (settings.loginUsersPerSec() > 0) {
            populations.add(arriving(login(), settings.loginUsersPerSec()));
            assertions.addAll(p99(settings.loginP99(), List.of(LOGIN), "log in", "my profile"));
        }
        if (settings.orderUsersPerSec() > 0) {
            populations.add(arriving(order(), settings.orderUsersPerSec()));
            assertions.addAll(p99(settings.orderP99(), List.of(ORDER), "register", "log in"));
            assertions.addAll(
                    p99(settings.orderP99(), List.of(ORDER, SAGA), "place order", "poll order", "order is CONFIRMED"));
            // Every order that was placed is judged once, by "order is CONFIRMED": none may end otherwise.
            assertions.add(details(ORDER, SAGA, "order is CONFIRMED")
                    .failedRequests()
                    .count()
                    .is(0L));
            assertions.add(details(ORDER, SAGA, "order is CONFIRMED")
                    .successfulRequests()
                    .count()
                    .gt(0L));
            assertions.add(details(ORDER, SAGA).responseTime().percentile(99.0).lte(settings.confirmedP99()));
        }
        if (populations.isEmpty()) {
            throw new IllegalArgumentException("every load.*UsersPerSec is 0: nothing to run");
        }
        setUp(populations)
                .protocols(gateway())
                .assertions(assertions)
                // However the stack behaves, the run ends by itself.
                .maxDuration(settings.maxDuration());
    }

    @Override
    public void before() {
        System.out.println("[load] " + settings.describe());
        try {
            preparation.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the run", e);
        }
        System.out.println("[load] prepared: " + settings.accounts() + " accounts for logins, "
                + settings.plannedOrders() + " units of stock set aside for as many orders");
    }

    private HttpProtocolBuilder gateway() {
        return http.baseUrl(settings.baseUrl())
                .acceptHeader("application/json")
                .userAgentHeader("bulkhead-gatling")
                // Gatling's warm-up would call a public web site; the ramp warms the stack up instead.
                .disableWarmUp();
    }

    private PopulationBuilder arriving(ScenarioBuilder scenario, double perSec) {
        var steps = new ArrayList<io.gatling.javaapi.core.OpenInjectionStep>();
        if (!settings.ramp().isZero()) {
            steps.add(rampUsersPerSec(0).to(perSec).during(settings.ramp()));
        }
        steps.add(constantUsersPerSec(perSec).during(settings.duration()));
        return scenario.injectOpen(steps);
    }

    private ScenarioBuilder browse() {
        return scenario(BROWSE)
                .group(BROWSE)
                .on(
                        exec(http("list products")
                                .get("/api/v1/products?size=20")
                                .check(
                                        status().is(200),
                                        jsonPath("$.items[*].id").findRandom().saveAs("productId"))),
                        exitHereIfFailed(),
                        pause(Duration.ofMillis(500)),
                        exec(http("get product")
                                .get("/api/v1/products/#{productId}")
                                .check(status().is(200), jmesPath("id").isEL("#{productId}"))));
    }

    private ScenarioBuilder login() {
        return scenario(LOGIN)
                .feed(preparation::accounts)
                .group(LOGIN)
                .on(
                        logIn(),
                        exitHereIfFailed(),
                        exec(authorized(http("my profile").get("/api/v1/users/me"))
                                .check(status().is(200), jmesPath("email").isEL("#{email}"))));
    }

    private ScenarioBuilder order() {
        return scenario(ORDER)
                .feed(preparation::stockUnits)
                .exec(session -> session.set("email", "gatling-order-" + UUID.randomUUID() + "@example.com")
                        .set("password", Preparation.PASSWORD)
                        .set("idempotencyKey", UUID.randomUUID().toString()))
                .group(ORDER)
                .on(
                        exec(http("register")
                                .post("/api/v1/auth/register")
                                .body(StringBody("{\"email\":\"#{email}\",\"password\":\"#{password}\","
                                        + "\"name\":\"Gatling Customer\"}"))
                                .asJson()
                                .check(status().is(201))),
                        exitHereIfFailed(),
                        logIn(),
                        exitHereIfFailed(),
                        group(SAGA).on(placeAndAwait()));
    }

    /** POST, then poll at a fixed pace until the order is no longer PENDING or the polls run out. */
    private ChainBuilder placeAndAwait() {
        return exec(authorized(http("place order").post("/api/v1/orders"))
                        .header("Idempotency-Key", "#{idempotencyKey}")
                        .body(StringBody("{\"items\":[{\"productId\":\"#{productId}\",\"quantity\":1}],"
                                + "\"paymentToken\":\"tok_ok\"}"))
                        .asJson()
                        .check(
                                status().is(202),
                                header("Location").exists(),
                                jmesPath("id").saveAs("orderId"),
                                jmesPath("status").saveAs("orderStatus")))
                .exitHereIfFailed()
                .exec(session -> session.set("polls", 0))
                .asLongAs(session -> "PENDING".equals(session.getString("orderStatus"))
                        && session.getInt("polls") < settings.maxPolls())
                .on(
                        pause(settings.pollInterval()),
                        exec(authorized(http("poll order").get("/api/v1/orders/#{orderId}"))
                                .check(status().is(200), jmesPath("status").saveAs("orderStatus"))),
                        exec(session -> session.set("polls", session.getInt("polls") + 1)))
                // The verdict, once per order: a CANCELLED order fails here naming its status, and so does
                // one still PENDING after the last poll.
                .exec(authorized(http("order is CONFIRMED").get("/api/v1/orders/#{orderId}"))
                        .check(status().is(200), jmesPath("status").is("CONFIRMED")));
    }

    private static ChainBuilder logIn() {
        return exec(http("log in")
                .post("/api/v1/auth/login")
                .body(StringBody("{\"email\":\"#{email}\",\"password\":\"#{password}\"}"))
                .asJson()
                .check(status().is(200), jmesPath("access_token").saveAs("accessToken")));
    }

    private static HttpRequestActionBuilder authorized(HttpRequestActionBuilder request) {
        return request.header("Authorization", "Bearer #{accessToken}");
    }

    private static List<Assertion> p99(int boundMillis, List<String> groups, String... requests) {
        var assertions = new ArrayList<Assertion>();
        for (String request : requests) {
            var path = new ArrayList<>(groups);
            path.add(request);
            assertions.add(details(path.toArray(String[]::new))
                    .responseTime()
                    .percentile(99.0)
                    .lte(boundMillis));
        }
        return assertions;
    }
}
