package dev.bulkhead.gateway.console;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The console's settings ({@code bulkhead.gateway.console.*}).
 *
 * @param probeTimeout how long one instance's health or metrics may take before it is shown unreachable
 * @param kafka where the saga's events and the dead-letter topics are read
 * @param control the dev stack launcher's control endpoint; unset outside the dev stack, and then the
 *     page says the break-it controls are absent
 */
@ConfigurationProperties("bulkhead.gateway.console")
@Validated
record ConsoleSettings(
        @NotNull @DefaultValue(DEFAULT_PROBE_TIMEOUT) Duration probeTimeout,
        @Valid @NotNull @DefaultValue Kafka kafka,
        @Valid @NotNull @DefaultValue Control control) {

    /** A frozen instance must show as unreachable while the page still refreshes every two seconds. */
    static final String DEFAULT_PROBE_TIMEOUT = "1500ms";

    /**
     * @param bootstrapServers the brokers; blank turns the saga and dead-letter panels off (they say so)
     * @param topics the saga's topics, each with a {@code <topic>.DLT}
     * @param recentOrders how many orders' timelines are kept in memory (the oldest leaves first)
     * @param deadLettersPerTopic how many of the newest dead letters of each topic are listed
     */
    record Kafka(
            String bootstrapServers,

            @NotEmpty @DefaultValue({"order-events", "inventory-events", "payment-events", "user-events"})
            List<String> topics,

            @Positive @Max(10_000) @DefaultValue(DEFAULT_RECENT_ORDERS)
            int recentOrders,

            @Positive @Max(1_000) @DefaultValue(DEFAULT_DEAD_LETTERS)
            int deadLettersPerTopic) {

        /** A screenful of sagas with room; the window bounds the gateway's memory whatever the load. */
        static final String DEFAULT_RECENT_ORDERS = "200";

        static final String DEFAULT_DEAD_LETTERS = "50";

        Kafka {
            topics = List.copyOf(topics);
        }

        boolean enabled() {
            return bootstrapServers != null && !bootstrapServers.isBlank();
        }
    }

    /**
     * @param url where the launcher's control endpoint listens (127.0.0.1 only)
     * @param secret the secret it generated at this start
     */
    record Control(URI url, String secret) {

        boolean present() {
            return url != null && secret != null && !secret.isBlank();
        }
    }
}
