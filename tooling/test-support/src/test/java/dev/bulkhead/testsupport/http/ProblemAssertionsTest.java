package dev.bulkhead.testsupport.http;

import static dev.bulkhead.testsupport.http.ProblemAssertions.assertThatProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class ProblemAssertionsTest {

    private static final String INVALID = """
            {"type":"https://bulkhead.dev/problems/invalid-request","title":"Invalid request","status":400,
             "detail":"items: must not be empty","errors":[{"field":"items","message":"must not be empty"}]}""";

    @Test
    void acceptsAProblemOfTheRightStatusTypeAndFields() {
        var problem = assertThatProblem(response(400, "application/problem+json", INVALID))
                .hasStatus(400)
                .hasType("invalid-request")
                .hasTitle("Invalid request")
                .hasDetailContaining("items")
                .hasErrorsOn("items");

        assertThat(problem.errorFields()).containsExactly("items");
    }

    @Test
    void refusesAPlainJsonBodyAStatusMismatchAndAnotherType() {
        assertThatThrownBy(() -> assertThatProblem(response(400, "application/json", INVALID)))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThatProblem(response(422, "application/problem+json", INVALID)))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThatProblem(response(400, "application/problem+json", INVALID))
                        .hasType("conflict"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void refusesErrorsInAnyOtherShapeThanFieldAndMessage() {
        String strings = INVALID.replace(
                "[{\"field\":\"items\",\"message\":\"must not be empty\"}]", "[\"items: must not be empty\"]");

        assertThatThrownBy(() -> assertThatProblem(response(400, "application/problem+json", strings))
                        .hasErrorsOn("items"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void refusesAStackTrace() {
        String leaky = INVALID.replace("must not be empty\"}", "java.lang.IllegalStateException\"}");

        assertThatThrownBy(() -> assertThatProblem(response(400, "application/problem+json", leaky)))
                .isInstanceOf(AssertionError.class);
    }

    private static HttpResponse<String> response(int status, String contentType, String body) {
        HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of(contentType)), (name, value) -> true);
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
            }

            @Override
            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public String body() {
                return body;
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return request().uri();
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
