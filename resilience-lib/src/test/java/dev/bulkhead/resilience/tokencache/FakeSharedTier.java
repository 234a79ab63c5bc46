package dev.bulkhead.resilience.tokencache;

import dev.bulkhead.resilience.tokencache.internal.SharedTier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Redis as a map with TTLs on the test's clock; {@link #down} makes every call fail. */
final class FakeSharedTier implements SharedTier {

    record Value(String value, Instant expiresAt) {}

    final Map<String, Value> values = new ConcurrentHashMap<>();
    final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    final Sinks.Many<String> channel = Sinks.many().multicast().directBestEffort();
    private final Clock clock;
    volatile boolean down;
    volatile int gets;

    FakeSharedTier(Clock clock) {
        this.clock = clock;
    }

    private <T> Mono<T> unlessDown(Mono<T> call) {
        return Mono.defer(() -> down ? Mono.error(new IllegalStateException("Redis is down")) : call);
    }

    @Override
    public Mono<String> get(String key) {
        return unlessDown(Mono.fromSupplier(() -> {
            gets++;
            Value value = values.get(key);
            return value != null && value.expiresAt().isAfter(clock.instant()) ? value.value() : null;
        }));
    }

    @Override
    public Mono<Void> set(String key, String value, Duration ttl) {
        return unlessDown(Mono.fromRunnable(
                () -> values.put(key, new Value(value, clock.instant().plus(ttl)))));
    }

    @Override
    public Mono<Void> revoke(String jti, Instant expiresAt, Instant now) {
        return unlessDown(Mono.fromRunnable(() -> {
            revoked.put(jti, expiresAt);
            channel.tryEmitNext(SharedTier.announcement(jti, expiresAt));
        }));
    }

    @Override
    public Mono<Map<String, Instant>> revoked(Instant now) {
        return unlessDown(Mono.fromSupplier(() -> new HashMap<>(revoked)));
    }

    @Override
    public Flux<String> announcements() {
        return channel.asFlux();
    }
}
