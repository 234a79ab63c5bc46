package dev.bulkhead.benchmarks;

import dev.bulkhead.resilience.ResilienceProperties;
import dev.bulkhead.resilience.feign.ResilientFeign;
import feign.Capability;
import feign.Client;
import feign.Feign;
import feign.Param;
import feign.Request;
import feign.RequestLine;
import feign.Response;
import feign.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What resilience-lib's decoration of a Feign client costs per call: the same GET through a bare
 * {@link Client} and through the full stack {@link ResilientFeign#capability} puts around every client of
 * an application (bulkhead, circuit breaker, retry with its budget, timeout accounting), both ending
 * in an in-memory client that answers a canned 200 at once, so only the decoration is measured.
 *
 * <p>{@code client*} call {@link Client#execute} with the request Feign builds for the method;
 * {@code proxy*} go through a whole Feign proxy (template expansion, String decoding) as an
 * application does, to show the decoration against the rest of a call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FeignDecorationBenchmark {

    /** The downstream name the guards are keyed by, as Spring Cloud OpenFeign names a client. */
    static final String DOWNSTREAM = "inventory-service";

    /** A Feign client like the services' own. */
    public interface InventoryClient {
        @RequestLine("GET /api/v1/products/{id}")
        String product(@Param("id") String id);
    }

    private Client bare;
    private Client decorated;
    private Request request;
    private Request.Options options;
    private InventoryClient bareProxy;
    private InventoryClient decoratedProxy;

    @Setup
    public void setUp() throws IOException {
        byte[] body = "{\"id\":\"p-1\",\"name\":\"Widget\",\"stock\":3}".getBytes(StandardCharsets.UTF_8);
        AtomicReference<Response> canned = new AtomicReference<>();
        AtomicReference<Request> built = new AtomicReference<>();
        // The stub: the first call records the request Feign built and the 200 made for it; every
        // call answers that same response, so neither side pays for building one.
        bare = (req, opts) -> {
            if (canned.get() == null) {
                built.set(req);
                canned.set(Response.builder()
                        .status(200)
                        .reason("OK")
                        .request(req)
                        .headers(Map.of("Content-Type", List.of("application/json")))
                        .body(body)
                        .build());
            }
            return canned.get();
        };

        ResilienceProperties properties = new ResilienceProperties(
                new ResilienceProperties.Http(Duration.ofSeconds(1), Duration.ofSeconds(3)), Map.of());
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        Capability capability =
                ResilientFeign.capability(properties, breakers, Clock.systemUTC(), new SimpleMeterRegistry());
        decorated = capability.enrich(bare);

        Target<InventoryClient> target =
                new Target.HardCodedTarget<>(InventoryClient.class, DOWNSTREAM, "http://" + DOWNSTREAM);
        bareProxy = Feign.builder().client(bare).target(target);
        decoratedProxy = Feign.builder().client(bare).addCapability(capability).target(target);

        bareProxy.product("p-1");
        request = built.get();
        options = new Request.Options(1, TimeUnit.SECONDS, 3, TimeUnit.SECONDS, true);

        // The decorated paths must take the real guard of the downstream, not an "unknown" one.
        decorated.execute(request, options);
        decoratedProxy.product("p-1");
        var guarded = breakers.getAllCircuitBreakers().stream()
                .map(CircuitBreaker::getName)
                .collect(java.util.stream.Collectors.toSet());
        if (!guarded.equals(java.util.Set.of(DOWNSTREAM))) {
            throw new IllegalStateException("expected the guard of " + DOWNSTREAM + ", got " + guarded);
        }
    }

    @Benchmark
    public Response clientBare() throws IOException {
        return bare.execute(request, options);
    }

    @Benchmark
    public Response clientDecorated() throws IOException {
        return decorated.execute(request, options);
    }

    @Benchmark
    public String proxyBare() {
        return bareProxy.product("p-1");
    }

    @Benchmark
    public String proxyDecorated() {
        return decoratedProxy.product("p-1");
    }
}
