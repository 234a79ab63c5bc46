package dev.bulkhead.resilience.consumer.internal;

import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import dev.bulkhead.resilience.consumer.UnsupportedEventVersion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/** See {@link EventDispatcher} for what happens to a record. */
final class TypedEventDispatcher implements EventDispatcher {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    /** Unknown types logged at INFO once each; a bound, because the type is whatever a record says. */
    private static final int UNKNOWN_TYPES_REMEMBERED = 64;

    private final String name;
    private final Map<String, List<Binding<?>>> byType = new LinkedHashMap<>();
    private final Set<String> ignored;
    private final BiPredicate<String, UUID> claims;
    private final TransactionOperations transactions;
    private final JsonMapper json;
    private final Counter unknown;
    private final Counter duplicates;
    private final Set<String> unknownSeen = ConcurrentHashMap.newKeySet();

    TypedEventDispatcher(
            String name,
            List<Binding<?>> bindings,
            Set<String> ignored,
            BiPredicate<String, UUID> claims,
            TransactionOperations transactions,
            JsonMapper json,
            MeterRegistry meters) {
        this.name = name;
        bindings.forEach(binding -> byType.computeIfAbsent(binding.type(), type -> new ArrayList<>())
                .add(binding));
        this.ignored = Set.copyOf(ignored);
        this.claims = claims;
        this.transactions = transactions;
        this.json = json;
        // Registered at zero now, so a rate() over them has a baseline before the first odd record.
        this.unknown = Counter.builder(EventDispatchers.UNKNOWN_EVENTS)
                .description("Events of a type the consumer has no binding for, skipped")
                .tag("consumer", name)
                .register(meters);
        this.duplicates = Counter.builder(EventDispatchers.DUPLICATE_EVENTS)
                .description("Redelivered events skipped because their id was applied already")
                .tag("consumer", name)
                .register(meters);
    }

    @Override
    public void dispatch(String value) {
        Envelope envelope = Envelope.read(json, value);
        List<Binding<?>> candidates = byType.get(envelope.type());
        if (candidates == null) {
            skip(envelope);
            return;
        }
        List<Binding.Ready<?>> ready = new ArrayList<>(candidates.size());
        for (Binding<?> binding : candidates) {
            if (binding.version() == envelope.version()) {
                ready.add(binding.read(json, envelope));
            }
        }
        if (ready.isEmpty()) {
            Set<Integer> versions = new TreeSet<>();
            candidates.forEach(binding -> versions.add(binding.version()));
            throw new UnsupportedEventVersion(envelope.type(), envelope.version(), versions);
        }
        transactions.executeWithoutResult(status -> {
            for (Binding.Ready<?> event : ready) {
                if (claims.test(event.binding().consumer(), envelope.id())) {
                    event.apply();
                } else {
                    duplicates.increment();
                    log.debug(
                            "{} {} was applied by {} already",
                            envelope.type(),
                            envelope.id(),
                            event.binding().consumer());
                }
            }
        });
    }

    private void skip(Envelope envelope) {
        if (ignored.contains(envelope.type())) {
            log.trace("{} skips {} {}", name, envelope.type(), envelope.id());
            return;
        }
        unknown.increment();
        if (unknownSeen.size() < UNKNOWN_TYPES_REMEMBERED && unknownSeen.add(envelope.type())) {
            log.info(
                    "{} has no binding for event type {} (first seen: {} from {}); skipping it and any like it",
                    name,
                    envelope.type(),
                    envelope.id(),
                    envelope.source());
        } else {
            log.debug("{} skips unknown event type {} {}", name, envelope.type(), envelope.id());
        }
    }
}
