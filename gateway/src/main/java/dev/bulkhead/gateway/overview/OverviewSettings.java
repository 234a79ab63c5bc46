package dev.bulkhead.gateway.overview;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * How the overview is composed ({@code bulkhead.gateway.overview.*}); its parts come from the
 * instances of {@code bulkhead.services.*}, through the same load balancer as the routes.
 *
 * @param partTimeout how long one part may take before it is reported unavailable; the page as a
 *     whole never waits longer than this
 * @param recentOrders how many orders to show
 * @param notifications how many notifications to show
 */
@ConfigurationProperties("bulkhead.gateway.overview")
@Validated
record OverviewSettings(
        @NotNull @DefaultValue(DEFAULT_PART_TIMEOUT) @DurationUnit(java.time.temporal.ChronoUnit.MILLIS)
        Duration partTimeout,

        @Positive @Max(50) @DefaultValue("5") int recentOrders,
        @Positive @Max(50) @DefaultValue("5") int notifications) {

    /** A page a person waits for: a slow part is dropped, not waited out. */
    static final String DEFAULT_PART_TIMEOUT = "800ms";
}
