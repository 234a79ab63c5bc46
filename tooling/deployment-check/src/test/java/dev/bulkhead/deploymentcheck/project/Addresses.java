package dev.bulkhead.deploymentcheck.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The call graph, derived from the code's own configuration rather than from a list kept by hand: every
 * property whose value (its default, in resilience-lib, a library's metadata or the module's
 * application.yml) points at the dev stack's localhost is an address the application calls. The port says
 * what it calls: another application's {@code server.port}, an infrastructure port (README.md, Ports), or
 * neither — an external system. An address whose sibling {@code enabled} flag is false under the
 * deployment's environment is not called (revocations in auth-service; OTLP unless switched on).
 */
public final class Addresses {

    /** The infrastructure's ports, as README.md's Ports table lists them. */
    static final Map<Integer, String> INFRASTRUCTURE =
            Map.of(5432, "postgres", 9092, "kafka", 6379, "redis", 4317, "otel-collector", 4318, "otel-collector");

    private static final Pattern LOCAL = Pattern.compile("\\b(?:localhost|127\\.0\\.0\\.1)\\b(?::(\\d+))?");
    private static final Pattern CLIENT = Pattern.compile("bulkhead\\.clients\\.([^.]+)\\.url");

    private Addresses() {}

    /** What the application calls when deployed with {@code environment}. */
    public static List<Address> of(Application application, Map<String, String> environment) {
        var configuration = Configuration.of(application);
        var defaults = configuration.resolved(Map.of());
        var deployed = configuration.resolved(environment);
        var addresses = new ArrayList<Address>();
        configuration.values().forEach((property, raw) -> {
            if (!LOCAL.matcher(raw).find()) {
                return; // only where an address is defined, not where it is reused through a placeholder
            }
            if (disabled(property, deployed)) {
                return;
            }
            Matcher local = LOCAL.matcher(defaults.getOrDefault(property, raw));
            local.find();
            Address.Target target = target(application, property, local.group(1));
            if (target != null) {
                addresses.add(new Address(application, property, target, deployed.getOrDefault(property, raw)));
            }
        });
        return addresses;
    }

    /** The targets alone, without duplicates. */
    public static List<Address.Target> targets(Application application, Map<String, String> environment) {
        return of(application, environment).stream()
                .map(Address::target)
                .distinct()
                .toList();
    }

    private static boolean disabled(String property, Map<String, String> deployed) {
        int dot = property.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String flag = RelaxedNames.ofProperty(property.substring(0, dot) + ".enabled");
        return deployed.entrySet().stream()
                .anyMatch(e -> RelaxedNames.ofProperty(e.getKey()).equals(flag)
                        && "false".equalsIgnoreCase(e.getValue().trim()));
    }

    private static Address.Target target(Application from, String property, String port) {
        if (port == null) {
            if (property.startsWith("spring.data.redis.")) {
                return new Address.Infrastructure("redis", 6379);
            }
            throw new AssertionError(
                    from + ": " + property + " points at localhost without a port; teach Addresses what it is");
        }
        int number = Integer.parseInt(port);
        var application = Applications.onPort(number);
        if (application.isPresent()) {
            return application.get().equals(from) ? null : new Address.App(application.get());
        }
        if (INFRASTRUCTURE.containsKey(number)) {
            return new Address.Infrastructure(INFRASTRUCTURE.get(number), number);
        }
        Matcher client = CLIENT.matcher(property);
        return new Address.External(client.matches() ? client.group(1) : property);
    }
}
