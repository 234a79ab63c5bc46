package dev.bulkhead.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

class RouteFallbackTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void anOpenBreakerAsksTheClientToComeBackWhenItMayLetCallsThroughAgain() {
        var open = CircuitBreaker.ofDefaults("orders");
        open.transitionToOpenState();

        var answer = RouteFallback.answer(CallNotPermittedException.createCallNotPermittedException(open), WAIT);

        assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.retryAfter()).isEqualTo(WAIT);
    }

    @Test
    void aSaturatedRouteIsUnavailableForAMoment() {
        for (var saturated :
                new RouteConcurrency.Saturated[] {RouteConcurrency.QUEUE_FULL, RouteConcurrency.QUEUE_WAIT}) {
            var answer = RouteFallback.answer(saturated, WAIT);

            assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.retryAfter()).isEqualTo(RouteFallback.RETRY_SOON);
            assertThat(answer.reason()).isEqualTo(saturated.reason());
        }
    }

    @Test
    void aServicesOwn503IsAnsweredByTheGatewayAndCountedAsTheServicesError() {
        var answer = RouteFallback.answer(new RouteGuard.FailureStatus(HttpStatus.SERVICE_UNAVAILABLE), WAIT);

        assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.reason()).isEqualTo("service-error");
        assertThat(RouteFallback.REASONS).contains(answer.reason());
    }

    @Test
    void aResponseTimeoutIsAGatewayTimeoutWithoutRetryAfter() {
        var timeout = new ResponseStatusException(
                HttpStatus.GATEWAY_TIMEOUT,
                "Response took longer than timeout: PT1S",
                new org.springframework.cloud.gateway.support.TimeoutException("PT1S"));

        var answer = RouteFallback.answer(timeout, WAIT);

        assertThat(answer.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(answer.retryAfter()).isNull();
    }

    @Test
    void aServiceThatRefusesConnectionsIsUnavailable() {
        var answer = RouteFallback.answer(new IllegalStateException(new ConnectException("refused")), WAIT);

        assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.retryAfter()).isEqualTo(RouteFallback.RETRY_SOON);
    }

    @Test
    void anythingElseIsABadGateway() {
        assertThat(RouteFallback.answer(new IllegalStateException("boom"), WAIT).status())
                .isEqualTo(HttpStatus.BAD_GATEWAY);
    }
}
