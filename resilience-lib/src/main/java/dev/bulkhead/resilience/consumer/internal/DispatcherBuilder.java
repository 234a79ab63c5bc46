package dev.bulkhead.resilience.consumer.internal;

import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** Collects bindings; {@link #build()} checks them once, at start-up, so a mistake never waits for an event. */
public final class DispatcherBuilder implements EventDispatcher.Builder {

    private final String name;
    private final BiPredicate<String, UUID> claims;
    private final TransactionOperations transactions;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final List<Binding<?>> bindings = new ArrayList<>();
    private final Set<String> ignored = new LinkedHashSet<>();
    private String consumer;

    public DispatcherBuilder(
            String consumer,
            BiPredicate<String, UUID> claims,
            TransactionOperations transactions,
            JsonMapper json,
            MeterRegistry meters) {
        this.name = requireName(consumer);
        this.consumer = name;
        this.claims = claims;
        this.transactions = transactions;
        this.json = strict(json);
        this.meters = meters;
    }

    @Override
    public <E extends Record> EventDispatcher.Builder on(
            String type, int version, Class<E> data, EventHandler<E> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (version < 1) {
            throw new IllegalArgumentException("schema versions start at 1, was " + version);
        }
        bindings.add(Binding.of(consumer, type, version, data, handler));
        return this;
    }

    @Override
    public EventDispatcher.Builder ignoring(String... types) {
        ignored.addAll(List.of(types));
        return this;
    }

    @Override
    public EventDispatcher.Builder and(String consumer) {
        this.consumer = requireName(consumer);
        return this;
    }

    @Override
    public EventDispatcher build() {
        if (bindings.isEmpty()) {
            throw new IllegalStateException(name + " binds no event type");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Binding<?> binding : bindings) {
            if (ignored.contains(binding.type())) {
                throw new IllegalStateException(name + " both handles and ignores " + binding.type());
            }
            if (!seen.add(binding.consumer() + "/" + binding.type() + "/v" + binding.version())) {
                throw new IllegalStateException(
                        binding.consumer() + " binds " + binding.type() + " version " + binding.version() + " twice");
            }
        }
        return new TypedEventDispatcher(name, bindings, ignored, claims, transactions, json, meters);
    }

    /**
     * Reads what the contract says and nothing looser: no "12" for 12, no 1.5 for 1 (the schemas say
     * integer). Unknown fields stay ignored, so producers may add fields without a coordinated release.
     */
    private static JsonMapper strict(JsonMapper json) {
        return json.rebuild()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private static String requireName(String consumer) {
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("a consumer needs a name: it keys its processed-events records");
        }
        return consumer;
    }
}
