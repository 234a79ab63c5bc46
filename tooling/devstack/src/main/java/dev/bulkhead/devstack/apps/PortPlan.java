package dev.bulkhead.devstack.apps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which instances run and on which ports. Instance {@code n} of a service listens on the service's port
 * plus {@code (n - 1) * }{@link #STEP}: order on 8083, 9083, 10083 … so the first instance keeps the
 * port README.md lists and a port names its service by its last digits. The plan is refused if a port
 * falls on one the infrastructure uses (Kafka 9092/9093, the payment provider 8090, …).
 */
public record PortPlan(List<Instance> instances) {

    /** 1000: the services' ports 80xx stay clear of each other and of 8090 and 9092/9093 up to the ninth. */
    public static final int STEP = 1000;

    /** The kernel hands out ephemeral ports from 32768 (Linux's default): stay well below. */
    static final int HIGHEST_PORT = 32_767;

    public PortPlan {
        instances = List.copyOf(instances);
    }

    /** One instance of every application, on the ports README.md lists. */
    public static PortPlan single() {
        return of(Replicas.ONE_EACH, Set.of());
    }

    /**
     * The instances in start order (every application's first instance, then the second ones, …).
     *
     * @param reserved ports the infrastructure takes; an instance on one of them is refused
     * @throws IllegalArgumentException naming the instance and the port it would clash on
     */
    public static PortPlan of(Replicas replicas, Set<Integer> reserved) {
        return of(replicas, reserved, 0);
    }

    /**
     * As {@link #of(Replicas, Set)}, every port moved by {@code offset} ({@code BULKHEAD_PORT_OFFSET}):
     * with 100, the gateway on 8180 and order's second instance on 9183, so a second stack (a system
     * test) runs beside a developer's.
     */
    public static PortPlan of(Replicas replicas, Set<Integer> reserved, int offset) {
        int most = Services.ALL.stream().mapToInt(replicas::of).max().orElse(1);
        var instances = new ArrayList<Instance>();
        var taken = new LinkedHashMap<Integer, String>();
        for (int ordinal = 1; ordinal <= most; ordinal++) {
            for (var service : Services.ALL) {
                if (ordinal > replicas.of(service)) {
                    continue;
                }
                var instance = new Instance(service, ordinal, service.port() + (ordinal - 1) * STEP + offset);
                if (reserved.contains(instance.port())) {
                    throw new IllegalArgumentException(instance.name() + " would listen on " + instance.port()
                            + ", which the stack's infrastructure uses; run fewer replicas or move that port"
                            + " (BULKHEAD_*_PORT)");
                }
                if (instance.port() > HIGHEST_PORT) {
                    throw new IllegalArgumentException(
                            instance.name() + " would listen on " + instance.port() + ", above " + HIGHEST_PORT);
                }
                var clash = taken.putIfAbsent(instance.port(), instance.name());
                if (clash != null) {
                    throw new IllegalArgumentException(
                            instance.name() + " and " + clash + " would both listen on " + instance.port());
                }
                instances.add(instance);
            }
        }
        return new PortPlan(instances);
    }

    public List<Instance> of(Service service) {
        return instances.stream().filter(i -> i.service().equals(service)).toList();
    }

    /** The distinct applications, in the table's order. */
    public List<Service> services() {
        return Services.ALL.stream().filter(s -> !of(s).isEmpty()).toList();
    }

    public SortedSet<Integer> ports() {
        var ports = new TreeSet<Integer>();
        instances.forEach(i -> ports.add(i.port()));
        return ports;
    }

    /**
     * {@code BULKHEAD_SERVICES_<NAME>} for every domain service: the base URLs of all its instances,
     * comma-separated ({@code http://localhost:8083,http://localhost:9083}), a single URL when it runs once.
     * Every application is told all of them: the gateway routes by them, the services call each other by them.
     */
    public Map<String, String> serviceUrls() {
        var urls = new LinkedHashMap<String, String>();
        for (var service : Services.ALL) {
            if (service.edge()) {
                continue;
            }
            urls.put(
                    "BULKHEAD_SERVICES_" + service.name().toUpperCase(Locale.ROOT),
                    String.join(",", of(service).stream().map(Instance::baseUrl).toList()));
        }
        return urls;
    }
}
