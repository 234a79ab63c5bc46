package dev.bulkhead.deploymentcheck.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Prometheus text exposition, reduced to what queries can name: sample names and their label names. */
final class Exposition {

    private final Map<String, Set<String>> labelsByName = new LinkedHashMap<>();

    private Exposition() {}

    static Exposition parse(String text) {
        var exposition = new Exposition();
        exposition.add(text);
        return exposition;
    }

    /** Adds another scrape (of another application). */
    void add(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            int end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
            String name = line.substring(0, end < 0 ? line.length() : end);
            Set<String> labels = labelsByName.computeIfAbsent(name, n -> new TreeSet<>());
            if (brace >= 0 && brace == end) {
                labels.addAll(labelNames(line.substring(brace + 1, closing(line, brace))));
            }
        }
    }

    boolean has(String name) {
        return labelsByName.containsKey(name);
    }

    Set<String> labels(String name) {
        return labelsByName.getOrDefault(name, Set.of());
    }

    Set<String> names() {
        return labelsByName.keySet();
    }

    private static int closing(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unclosed labels: " + line);
    }

    private static Set<String> labelNames(String labels) {
        var names = new TreeSet<String>();
        int i = 0;
        while (i < labels.length()) {
            int eq = labels.indexOf('=', i);
            if (eq < 0) break;
            names.add(labels.substring(i, eq).strip().replaceFirst("^,", "").strip());
            int j = eq + 2; // past ="
            while (j < labels.length() && labels.charAt(j) != '"') {
                if (labels.charAt(j) == '\\') j++;
                j++;
            }
            i = j + 1;
            while (i < labels.length() && (labels.charAt(i) == ',' || labels.charAt(i) == ' ')) i++;
        }
        return names;
    }
}
