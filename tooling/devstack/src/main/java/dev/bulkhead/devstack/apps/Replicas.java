package dev.bulkhead.devstack.apps;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How many instances of each domain service the dev stack runs: one unless {@code --replicas} says
 * otherwise. The gateway is the single public entry (its port is the one every client knows) and
 * always runs once.
 */
public record Replicas(int everyService, Map<String, Integer> perService) {

    /** Ports go up by {@link PortPlan#STEP} per instance; nine keeps them all below 17000 and the memory sane. */
    public static final int MAX = 9;

    public static final Replicas ONE_EACH = new Replicas(1, Map.of());

    public Replicas {
        perService = Map.copyOf(perService);
    }

    /** How many instances of this application run. */
    public int of(Service service) {
        if (service.edge()) {
            return 1;
        }
        return perService.getOrDefault(service.name(), everyService);
    }

    /** True if some service runs more than once. */
    public boolean scaledOut() {
        return Services.ALL.stream().anyMatch(s -> of(s) > 1);
    }

    /**
     * Adds one {@code --replicas} value: {@code N} for every domain service, or {@code service=N}, several
     * separated by commas ({@code order=3,payment=2}). A per-service count wins over an every-service one,
     * whatever their order on the command line.
     *
     * @throws IllegalArgumentException naming what is wrong with the value
     */
    public Replicas with(String value) {
        int every = everyService;
        var per = new LinkedHashMap<>(perService);
        if (value.isBlank()) {
            throw new IllegalArgumentException("--replicas needs a count (2) or service=count (order=3)");
        }
        for (var part : value.split(",", -1)) {
            var item = part.strip();
            int equals = item.indexOf('=');
            if (equals < 0) {
                every = count(item, "every service");
                continue;
            }
            var name = item.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            var service = Services.named(name)
                    .orElseThrow(() -> new IllegalArgumentException("--replicas: no service '" + name
                            + "' (auth, user, order, payment, inventory, notification)"));
            if (service.edge()) {
                throw new IllegalArgumentException(
                        "--replicas: the gateway runs once (it is the one entry, on port " + service.port() + ")");
            }
            per.put(service.name(), count(item.substring(equals + 1).strip(), service.name()));
        }
        return new Replicas(every, per);
    }

    private static int count(String text, String what) {
        Optional<Integer> parsed;
        try {
            parsed = Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            parsed = Optional.empty();
        }
        return parsed.filter(n -> n >= 1 && n <= MAX)
                .orElseThrow(() -> new IllegalArgumentException("--replicas: the count for " + what
                        + " must be a whole number from 1 to " + MAX + ", was '" + text + "'"));
    }
}
