package dev.bulkhead.devstack.apps;

import java.util.List;
import java.util.Optional;

/**
 * The table of applications: ports as README.md lists them, databases each service owns, heap sized to
 * what it holds.
 */
public final class Services {

    private static final int GATEWAY_HEAP_MB = 256; // every request's objects while in flight: see JvmFlags.EDGE
    private static final int SERVICE_HEAP_MB = 160; // MVC + JDBC + Flyway + Kafka; headroom for a demo's load

    public static final List<Service> ALL = List.of(
            new Service("gateway", "gateway", 8080, Optional.empty(), GATEWAY_HEAP_MB),
            new Service("auth", "auth-service", 8081, Optional.of("auth"), SERVICE_HEAP_MB),
            new Service("user", "user-service", 8082, Optional.of("users"), SERVICE_HEAP_MB),
            new Service("order", "order-service", 8083, Optional.of("orders"), SERVICE_HEAP_MB),
            new Service("payment", "payment-service", 8084, Optional.of("payments"), SERVICE_HEAP_MB),
            new Service("inventory", "inventory-service", 8085, Optional.of("inventory"), SERVICE_HEAP_MB),
            new Service("notification", "notification-service", 8086, Optional.of("notifications"), SERVICE_HEAP_MB));

    private Services() {}

    public static Optional<Service> named(String name) {
        return ALL.stream()
                .filter(s -> s.name().equals(name) || s.module().equals(name))
                .findFirst();
    }

    public static List<String> databases() {
        return ALL.stream().flatMap(s -> s.database().stream()).toList();
    }
}
