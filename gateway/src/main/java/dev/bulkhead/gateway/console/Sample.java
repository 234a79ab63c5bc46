package dev.bulkhead.gateway.console;

import java.util.Map;

/** One line of a Prometheus exposition: {@code name{label="value",...} 12.0}. */
record Sample(String name, Map<String, String> labels, double value) {

    Sample {
        labels = Map.copyOf(labels);
    }

    String label(String key) {
        return labels.getOrDefault(key, "");
    }
}
