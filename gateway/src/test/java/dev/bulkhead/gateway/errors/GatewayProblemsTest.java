package dev.bulkhead.gateway.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebFilterChain;

class GatewayProblemsTest {

    @Test
    void turnsABodylessTooManyRequestsIntoAProblemDocument() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/v1/orders").build());
        // What Spring Cloud Gateway's rate limiter does when a client is over its limit.
        WebFilterChain rateLimited = limited -> {
            limited.getResponse().setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
            return limited.getResponse().setComplete();
        };

        new ProblemsForBodylessErrors().filter(exchange, rateLimited).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(exchange.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(exchange.getResponse().getBodyAsString().block())
                .isEqualTo(
                        "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
                                + "\"detail\":\"Too many requests; slow down and retry later.\",\"instance\":\"/api/v1/orders\"}");
    }

    @Test
    void leavesSuccessfulAndAlreadyWrittenResponsesAlone() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/v1/orders").build());
        WebFilterChain noContent = done -> {
            done.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
            return done.getResponse().setComplete();
        };

        new ProblemsForBodylessErrors().filter(exchange, noContent).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(exchange.getResponse().getBodyAsString().block()).isNullOrEmpty();
    }

    @Test
    void rendersExceptionsAsProblemDocumentsWithoutTheirMessages() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/v1/orders/1").build());

        new ProblemDetailErrors()
                .handle(exchange, new IllegalStateException("secret internal detail"))
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"status\":500")
                .doesNotContain("secret", "IllegalStateException");
    }

    @Test
    void mapsUpstreamFailuresToGatewayStatuses() {
        assertThat(ProblemDetailErrors.statusOf(new ResponseStatusException(HttpStatus.NOT_FOUND)))
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(ProblemDetailErrors.statusOf(new TimeoutException())).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(ProblemDetailErrors.statusOf(new ConnectException())).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(ProblemDetailErrors.statusOf(new RuntimeException(new ConnectException())))
                .isEqualTo(HttpStatus.BAD_GATEWAY);
    }
}
