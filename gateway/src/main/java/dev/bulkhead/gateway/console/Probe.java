package dev.bulkhead.gateway.console;

import java.util.List;

/**
 * What one instance said when the console last asked: its health and readiness ({@code UP},
 * {@code DOWN}, ... or why it did not answer) and the samples of its Prometheus page the console reads.
 */
record Probe(String service, String instance, String health, String readiness, List<Sample> samples) {

    Probe {
        samples = List.copyOf(samples);
    }
}
