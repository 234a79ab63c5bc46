package dev.bulkhead.auth;

import dev.bulkhead.testsupport.http.ProblemAssertions;
import dev.bulkhead.testsupport.http.TestHttp;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP against a running auth-service, as a client would call it: its endpoints, by name. */
public final class AuthHttp {

    public static final JsonMapper JSON = TestHttp.JSON;

    private final TestHttp http;

    public AuthHttp(int port) {
        this.http = TestHttp.at("http://localhost:" + port);
    }

    public record Response(int status, String body, HttpHeaders headers, HttpResponse<String> raw) {
        static Response of(HttpResponse<String> response) {
            return new Response(response.statusCode(), response.body(), response.headers(), response);
        }

        /** The response checked as an RFC 9457 problem detail, for further checks. */
        public ProblemAssertions problem() {
            return ProblemAssertions.assertThatProblem(raw);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

    public Response post(String path, String json) {
        return Response.of(http.send("POST", path, json));
    }

    public Response post(String path, String json, String bearer) {
        return bearer == null
                ? post(path, json)
                : Response.of(http.send("POST", path, json, "Authorization", "Bearer " + bearer));
    }

    public Response get(String path) {
        return Response.of(http.get(path));
    }

    public Response register(String email, String password, String name) {
        return post(
                "/api/v1/auth/register",
                JSON.writeValueAsString(Map.of("email", email, "password", password, "name", name)));
    }

    public Response login(String email, String password) {
        return post("/api/v1/auth/login", JSON.writeValueAsString(Map.of("email", email, "password", password)));
    }

    public Response refresh(String refreshToken) {
        return post("/api/v1/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
    }

    public Response logout(String refreshToken, String accessToken) {
        return post("/api/v1/auth/logout", "{\"refresh_token\":\"" + refreshToken + "\"}", accessToken);
    }
}
