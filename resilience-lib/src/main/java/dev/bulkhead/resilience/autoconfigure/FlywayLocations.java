package dev.bulkhead.resilience.autoconfigure;

import java.util.Arrays;
import java.util.stream.Stream;
import org.flywaydb.core.api.Location;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;

/**
 * How resilience-lib brings its own tables (outbox, processed events) into a service's database: by
 * adding the library's migration folder to whatever locations the service's Flyway already has. The
 * library's migrations are repeatable and idempotent, so they never take one of the service's version
 * numbers. Use only from configuration that is conditional on Flyway being present.
 */
public final class FlywayLocations {

    private FlywayLocations() {}

    /** A customizer that appends {@code location} (e.g. {@code classpath:db/outbox}) once. */
    public static FlywayConfigurationCustomizer adding(String location) {
        return configuration -> {
            Location added = new Location(location);
            Location[] existing = configuration.getLocations();
            if (Arrays.stream(existing).noneMatch(l -> l.getDescriptor().equals(added.getDescriptor()))) {
                configuration.locations(
                        Stream.concat(Arrays.stream(existing), Stream.of(added)).toArray(Location[]::new));
            }
        };
    }
}
