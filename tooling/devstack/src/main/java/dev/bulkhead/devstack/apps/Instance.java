package dev.bulkhead.devstack.apps;

/**
 * One running copy of an application. The first instance of a service keeps the service's name, port
 * and log file ({@code order}, 8083, {@code order.log}); a further one is {@code order-2} on its own port
 * (see {@link PortPlan}). {@link #id()} is always numbered, so the logs of two copies tell them apart.
 */
public record Instance(Service service, int ordinal, int port) {

    public Instance {
        if (ordinal < 1) {
            throw new IllegalArgumentException("instances count from 1, was " + ordinal);
        }
    }

    /** The first instance of a service, on the service's own port. */
    public static Instance first(Service service) {
        return new Instance(service, 1, service.port());
    }

    /** How the stack names it to a reader: table rows, log file, state file ({@code order}, {@code order-2}). */
    public String name() {
        return ordinal == 1 ? service.name() : service.name() + "-" + ordinal;
    }

    /** What the instance is told it is ({@code BULKHEAD_INSTANCE}): {@code order-1}, {@code order-2}. */
    public String id() {
        return service.name() + "-" + ordinal;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String readinessUrl() {
        return baseUrl() + "/actuator/health/readiness";
    }
}
