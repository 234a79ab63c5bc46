package dev.bulkhead.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each public path reaches the service that owns it, over real HTTP; nothing else is routed. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingIT {

    private static final List<String> SERVICES = StandInServices.NAMES;
    private static final StandInServices downstreams = StandInServices.start();
    /** "service path" for every request a stand-in service received. */
    private static final List<String> received = downstreams.paths();

    private static final StandInAuth tokens = StandInAuth.start();

    @LocalServerPort
    int port;

    private final HttpClient http = TestHttp.newClient();

    @DynamicPropertySource
    static void pointRoutesAtStandInServices(DynamicPropertyRegistry registry) {
        downstreams.register(registry);
        tokens.register(registry);
    }

    @AfterAll
    static void stopStandIns() {
        downstreams.close();
        tokens.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/api/v1/auth/login, auth",
        "/.well-known/jwks.json, auth",
        "/api/v1/users/me, user",
        "/api/v1/orders/42, order",
        "/api/v2/orders/42, order",
        "/api/v1/payments, payment",
        "/api/v1/products/7, inventory",
        "/api/v1/notifications, notification"
    })
    void forwardsEachPublicPathToTheServiceThatOwnsIt(String path, String service) throws Exception {
        var response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(service);
        assertThat(received).contains(service + " " + path);
    }

    @ParameterizedTest
    @CsvSource({"/actuator/gateway/routes", "/order-service/actuator/health", "/api/v1/unknown/things"})
    void routesNothingElseAndHidesItsOwnRouteTable(String path) throws Exception {
        var response = get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(received).noneMatch(request -> request.endsWith(path));
    }

    @Test
    void neverForwardsToAServicesActuator() throws Exception {
        get("/actuator/health");

        assertThat(received).noneMatch(request -> request.contains("/actuator"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"auth", "user", "order", "payment", "inventory", "notification"})
    void servesEachServicesOpenApiDocumentForTheSwaggerUi(String service) throws Exception {
        var response = get("/api-docs/" + service);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(service);
        assertThat(received).contains(service + " /v3/api-docs");
    }

    @Test
    void listsEveryServiceInTheSwaggerUi() throws Exception {
        var config = get("/v3/api-docs/swagger-config");

        assertThat(config.statusCode()).isEqualTo(200);
        for (String service : SERVICES) {
            assertThat(config.body()).contains("\"/api-docs/" + service + "\"");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                // Routing is under test here, not authentication (GatewaySecurityIT): every request carries a valid
                // token.
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + tokens.user())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
