package dev.bulkhead.resilience.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bulkhead.resilience.autoconfigure.ResilienceAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.netty.http.client.HttpClient;

/**
 * A slow downstream (WireMock, 3 s) behind a 1 s read timeout: every RestClient and WebClient built
 * from Boot's builders logs the timeout and counts it by host:port and method; a fast call is not counted.
 */
class HttpClientTimeoutsTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    private static final WireMockServer downstream =
            new WireMockServer(options().dynamicPort());

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ResilienceAutoConfiguration.class, HttpClientTimeoutsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @BeforeAll
    static void start() {
        downstream.start();
        downstream.stubFor(get(urlEqualTo("/slow"))
                .willReturn(aResponse().withFixedDelay(3000).withBody("late")));
        downstream.stubFor(get(urlEqualTo("/fast")).willReturn(aResponse().withBody("ok")));
        // Warm WireMock up without a timeout, so a cold first request cannot pass for a slow downstream.
        RestClient.create(downstream.baseUrl()).get().uri("/fast").retrieve().body(String.class);
    }

    @AfterAll
    static void stop() {
        downstream.stop();
    }

    @Test
    void aRestClientTimeoutIsLoggedAndCountedByHostAndMethod() {
        context.run(app -> {
            var factory = new JdkClientHttpRequestFactory(java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build());
            factory.setReadTimeout(READ_TIMEOUT);
            RestClient.Builder builder =
                    RestClient.builder().requestFactory(factory).baseUrl(downstream.baseUrl());
            app.getBean(RestClientCustomizer.class).customize(builder);
            RestClient client = builder.build();

            assertThat(client.get().uri("/fast").retrieve().body(String.class)).isEqualTo("ok");
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.get().uri("/slow").retrieve().body(String.class))
                    .isInstanceOf(ResourceAccessException.class);
            long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

            assertThat(timeouts(app.getBean(MeterRegistry.class))).isEqualTo(1);
            assertThat(tookMs).isLessThan(2500);
            System.out.printf("RestClient: timed out after %d ms (limit %d ms)%n", tookMs, READ_TIMEOUT.toMillis());
        });
    }

    @Test
    void aWebClientTimeoutIsLoggedAndCountedByHostAndMethod() {
        context.run(app -> {
            WebClient.Builder builder = WebClient.builder()
                    .clientConnector(
                            new ReactorClientHttpConnector(HttpClient.create().responseTimeout(READ_TIMEOUT)))
                    .baseUrl(downstream.baseUrl());
            app.getBean(WebClientCustomizer.class).customize(builder);
            WebClient client = builder.build();

            assertThat(client.get()
                            .uri("/fast")
                            .retrieve()
                            .bodyToMono(String.class)
                            .block(Duration.ofSeconds(5)))
                    .isEqualTo("ok");
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.get()
                            .uri("/slow")
                            .retrieve()
                            .bodyToMono(String.class)
                            .block(Duration.ofSeconds(5)))
                    .isInstanceOf(WebClientRequestException.class);
            long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

            assertThat(timeouts(app.getBean(MeterRegistry.class))).isEqualTo(1);
            assertThat(tookMs).isLessThan(2500);
            System.out.printf("WebClient: timed out after %d ms (limit %d ms)%n", tookMs, READ_TIMEOUT.toMillis());
        });
    }

    @Test
    void recognisesTimeoutsWhereverTheyAreInTheCauses() {
        assertThat(DownstreamTimeouts.isTimeout(new java.net.SocketTimeoutException("Read timed out")))
                .isTrue();
        assertThat(DownstreamTimeouts.isTimeout(
                        new RuntimeException(new java.net.http.HttpTimeoutException("request timed out"))))
                .isTrue();
        assertThat(DownstreamTimeouts.isTimeout(io.netty.handler.timeout.ReadTimeoutException.INSTANCE))
                .isTrue();
        assertThat(DownstreamTimeouts.isTimeout(new java.net.ConnectException("Connection refused")))
                .isFalse();
    }

    private static double timeouts(MeterRegistry meters) {
        return meters.get(DownstreamTimeouts.METER)
                .tag("downstream", "localhost:" + downstream.port())
                .tag("operation", "GET")
                .counter()
                .count();
    }
}
