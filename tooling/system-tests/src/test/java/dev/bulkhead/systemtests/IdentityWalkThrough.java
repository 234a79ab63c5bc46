package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's identity walk-through, as a user types it with curl, against a running stack:
 * register, log in, read the profile (created by user-service from auth-service's UserRegistered
 * event), log out, and find the same token refused by the gateway within the revocation bound.
 */
final class IdentityWalkThrough {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private IdentityWalkThrough() {}

    static void through(String gateway, HttpClient http) throws Exception {
        String email = "smoke-" + UUID.randomUUID() + "@example.com";
        String credentials = "{\"email\":\"" + email + "\",\"password\":\"correct-horse-battery\"";

        var registered = post(http, gateway + "/api/v1/auth/register", credentials + ",\"name\":\"Smoke Test\"}", null);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

        var login = post(http, gateway + "/api/v1/auth/login", credentials + "}", null);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String access = field(login.body(), "access_token");
        String refresh = field(login.body(), "refresh_token");

        var me = eventually(http, gateway + "/api/v1/users/me", access, 200);
        assertThat(me.body()).contains(email).contains("Smoke Test");

        var logout = post(http, gateway + "/api/v1/auth/logout", "{\"refresh_token\":\"" + refresh + "\"}", access);
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
        eventually(http, gateway + "/api/v1/users/me", access, 401);
        var refused = post(http, gateway + "/api/v1/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}", null);
        assertThat(refused.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> eventually(HttpClient http, String url, String token, int status)
            throws Exception {
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        HttpResponse<String> response;
        do {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == status) return response;
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + url + " still " + response.statusCode() + " after " + EVENTUALLY + ", wanted "
                + status + ": " + response.body());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String json, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher matcher =
                Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }
}
