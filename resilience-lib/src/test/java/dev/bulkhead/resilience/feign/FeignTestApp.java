package dev.bulkhead.resilience.feign;

import dev.bulkhead.testsupport.time.MovableClock;
import feign.FeignException;
import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** A tiny service with Feign clients, built the way every Bulkhead service is: resilience-lib's auto-configuration. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableFeignClients(
        clients = {
            FeignTestApp.SlowClient.class,
            FeignTestApp.HungClient.class,
            FeignTestApp.FlakyClient.class,
            FeignTestApp.CountedClient.class,
            FeignTestApp.BudgetClient.class,
            FeignTestApp.TracedClient.class,
            FeignTestApp.RefusedClient.class
        })
class FeignTestApp {

    @Bean
    MovableClock clock() {
        return new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @FeignClient(name = "slow", url = "${downstream.url}")
    interface SlowClient {
        @GetMapping("/slow")
        String get();
    }

    @FeignClient(name = "hung", url = "${downstream.url}")
    interface HungClient {
        @GetMapping("/hung")
        String get();
    }

    @FeignClient(name = "flaky", url = "${downstream.url}")
    interface FlakyClient {
        @GetMapping("/flaky")
        String get();

        @PostMapping("/charges")
        String post(@RequestBody String body);

        @PostMapping("/charges")
        String post(@RequestHeader("Idempotency-Key") String key, @RequestBody String body);
    }

    @FeignClient(name = "counted", url = "${downstream.url}")
    interface CountedClient {
        @GetMapping("/counted")
        String get();
    }

    @FeignClient(name = "budget", url = "${downstream.url}")
    interface BudgetClient {
        @GetMapping("/failing")
        String get();
    }

    @FeignClient(name = "traced", url = "${downstream.url}")
    interface TracedClient {
        @GetMapping("/traced")
        String get();

        @GetMapping("/traced/flaky")
        String flaky();
    }

    @FeignClient(name = "refused", url = "${refused.url}")
    interface RefusedClient {
        @GetMapping("/refused")
        String get();
    }

    /** The fallback, declared next to the client as the services do: what a failed lookup answers instead. */
    @Service
    static class SlowLookups {

        static final String FALLBACK = "fallback";

        private final SlowClient client;
        volatile Throwable lastFailure;

        SlowLookups(SlowClient client) {
            this.client = client;
        }

        String lookup() {
            try {
                return client.get();
            } catch (FeignException e) {
                lastFailure = e;
                return FALLBACK;
            }
        }
    }

    /** The service's own endpoints: one that calls the hung downstream, one that calls nothing. */
    @RestController
    static class LocalEndpoints {

        private final HungClient hung;

        LocalEndpoints(HungClient hung) {
            this.hung = hung;
        }

        @GetMapping("/local/ping")
        String ping() {
            return "pong";
        }

        @GetMapping("/local/hung")
        ResponseEntity<String> callHung() {
            long started = System.nanoTime();
            try {
                String answer = hung.get();
                return ResponseEntity.ok()
                        .header("X-Call-Micros", micros(started))
                        .body(answer);
            } catch (FeignException e) {
                var reason =
                        DownstreamUnavailable.in(e).map(u -> u.reason().name()).orElse("FAILED");
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header("X-Call-Micros", micros(started))
                        .header("X-Reason", reason)
                        .body(reason);
            }
        }

        private static String micros(long started) {
            return Long.toString((System.nanoTime() - started) / 1000);
        }
    }
}
