package dev.bulkhead.testsupport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/**
 * Checks that a response is an RFC 9457 problem detail as Bulkhead writes them:
 *
 * <pre>{@code
 * assertThatProblem(response).hasStatus(400).hasType("invalid-request").hasErrorsOn("items", "paymentToken");
 * }</pre>
 *
 * {@link #assertThatProblem} already checks the media type ({@code application/problem+json}), that the
 * body's {@code status} is the response's, and that the body holds no stack trace.
 */
public final class ProblemAssertions {

    /** Where Bulkhead's problem types live, as resilience-lib's {@code Problems.TYPES} says. */
    public static final String TYPES = "https://bulkhead.dev/problems/";

    private final HttpResponse<String> response;
    private final JsonNode problem;

    private ProblemAssertions(HttpResponse<String> response, JsonNode problem) {
        this.response = response;
        this.problem = problem;
    }

    /** The response as a problem detail, after the checks every problem must pass. */
    public static ProblemAssertions assertThatProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .as("Content-Type of %s", response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = TestHttp.json(response);
        assertThat(problem.path("status").asInt())
                .as("status member of %s", response.body())
                .isEqualTo(response.statusCode());
        assertThat(response.body())
                .as("a problem never carries a stack trace")
                .doesNotContain("Exception")
                .doesNotContain("at dev.bulkhead.");
        return new ProblemAssertions(response, problem);
    }

    /** The HTTP status (the body's {@code status} is checked to match already). */
    public ProblemAssertions hasStatus(int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return this;
    }

    /** {@code type} is {@link #TYPES} plus {@code name}, e.g. {@code "invalid-request"}. */
    public ProblemAssertions hasType(String name) {
        assertThat(problem.path("type").asString()).as(response.body()).isEqualTo(TYPES + name);
        return this;
    }

    public ProblemAssertions hasTitle(String title) {
        assertThat(problem.path("title").asString()).as(response.body()).isEqualTo(title);
        return this;
    }

    public ProblemAssertions hasDetailContaining(String text) {
        assertThat(problem.path("detail").asString()).as(response.body()).contains(text);
        return this;
    }

    /** The {@code errors} member names at least these fields (each error is {@code {field, message}}). */
    public ProblemAssertions hasErrorsOn(String... fields) {
        assertThat(errorFields()).as(response.body()).contains(fields);
        return this;
    }

    /** The {@code field} of every entry of {@code errors}, in order. */
    public List<String> errorFields() {
        JsonNode errors = problem.path("errors");
        assertThat(errors.isArray())
                .as("errors is an array in %s", response.body())
                .isTrue();
        return StreamSupport.stream(errors.spliterator(), false)
                .peek(error -> assertThat(error.path("message").isString())
                        .as("every error has a message: %s", error)
                        .isTrue())
                .map(error -> error.path("field").asString())
                .toList();
    }

    /** The problem's body, for checks of a member only one kind of problem has. */
    public JsonNode json() {
        return problem;
    }
}
