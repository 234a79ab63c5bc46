package dev.bulkhead.deploymentcheck.project;

/**
 * Something out of process an application calls, found in its configuration.
 *
 * @param from the calling application
 * @param property the property holding the address (its default points at the dev stack)
 * @param target what the default points at: another application, a piece of infrastructure, or an
 *     external system
 * @param deployed the value with a deployment's environment applied
 */
public record Address(Application from, String property, Target target, String deployed) {

    /** What an address points at. */
    public sealed interface Target {}

    /** Another Bulkhead application, by the port its default names. */
    public record App(Application application) implements Target {
        @Override
        public String toString() {
            return application.module() + ":" + application.port();
        }
    }

    /** Postgres, Kafka, Redis or the OpenTelemetry collector, by their dev-stack ports. */
    public record Infrastructure(String role, int port) implements Target {
        @Override
        public String toString() {
            return role + ":" + port;
        }
    }

    /** A system outside Bulkhead (the payment provider), named after its client. */
    public record External(String name) implements Target {
        @Override
        public String toString() {
            return "external " + name;
        }
    }
}
