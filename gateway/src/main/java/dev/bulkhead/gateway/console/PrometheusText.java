package dev.bulkhead.gateway.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the text format of {@code /actuator/prometheus}: every instance already publishes what the
 * console shows (breakers, bulkheads, rate-limit decisions, token-cache tiers, HTTP calls), so the
 * console parses it instead of keeping a second bookkeeping. Only the families it asks for are kept.
 */
final class PrometheusText {

    private PrometheusText() {}

    static List<Sample> parse(String text, Predicate<String> wanted) {
        var samples = new ArrayList<Sample>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            if (space < 0) continue;
            boolean labelled = brace >= 0 && brace < space;
            String name = line.substring(0, labelled ? brace : space);
            if (!wanted.test(name)) continue;
            int close = labelled ? line.lastIndexOf('}') : -1;
            Map<String, String> labels = labelled ? labels(line.substring(brace + 1, close)) : Map.of();
            // the value, then an optional timestamp
            double value =
                    value(line.substring(labelled ? close + 1 : space).strip().split(" ")[0]);
            samples.add(new Sample(name, labels, value));
        }
        return samples;
    }

    /** {@code a="x",b="y \"quoted\""}; values are escaped with backslashes. */
    private static Map<String, String> labels(String text) {
        var labels = new LinkedHashMap<String, String>();
        int i = 0;
        while (i < text.length()) {
            int equals = text.indexOf('=', i);
            if (equals < 0) break;
            String key = text.substring(i, equals).strip();
            var value = new StringBuilder();
            int j = equals + 2; // past ="
            while (j < text.length() && text.charAt(j) != '"') {
                char c = text.charAt(j);
                if (c == '\\' && j + 1 < text.length()) {
                    char next = text.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) i++;
        }
        return labels;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
