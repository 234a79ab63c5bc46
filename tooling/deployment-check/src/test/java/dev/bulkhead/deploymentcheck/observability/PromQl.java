package dev.bulkhead.deploymentcheck.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The series selectors of a PromQL expression (metric name and the label names it matches on), read
 * well enough to check them against real metrics: functions, aggregation clauses ({@code by (…)}),
 * keywords, numbers, durations, strings and Grafana variables are skipped.
 */
final class PromQl {

    /** One {@code metric{label="…"}} selector. */
    record Selector(String metric, Set<String> labels) {}

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "and",
            "or",
            "unless",
            "inf",
            "nan",
            "atan2",
            // aggregation operators, which may be followed by `by (…)` before their parenthesis
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");
    private static final Set<String> LABEL_LISTS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {}

    static List<Selector> selectors(String expression) {
        var selectors = new ArrayList<Selector>();
        String text = expression;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i);
            } else if (c == '[') {
                i = text.indexOf(']', i) + 1;
                if (i == 0) throw new IllegalArgumentException("Unclosed [ in " + expression);
            } else if (c == '$') {
                i++;
                if (i < text.length() && text.charAt(i) == '{') {
                    i = text.indexOf('}', i) + 1;
                } else {
                    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'))
                        i++;
                }
            } else if (c == '{') {
                int end = closingBrace(text, i);
                var labels = labelNames(text.substring(i + 1, end));
                selectors.add(new Selector(null, labels));
                i = end + 1;
            } else if (Character.isDigit(c)
                    || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) i++;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < text.length()
                        && (Character.isLetterOrDigit(text.charAt(i))
                                || text.charAt(i) == '_'
                                || text.charAt(i) == ':')) i++;
                String word = text.substring(start, i);
                int next = skipSpaces(text, i);
                boolean call = next < text.length() && text.charAt(next) == '(';
                if (LABEL_LISTS.contains(word.toLowerCase()) && call) {
                    i = closingParenthesis(text, next) + 1;
                } else if (KEYWORDS.contains(word.toLowerCase()) || call) {
                    // a keyword or a function name
                } else if (next < text.length() && text.charAt(next) == '{') {
                    int end = closingBrace(text, next);
                    selectors.add(new Selector(word, labelNames(text.substring(next + 1, end))));
                    i = end + 1;
                } else {
                    selectors.add(new Selector(word, Set.of()));
                }
            } else {
                i++;
            }
        }
        return selectors;
    }

    private static int skipString(String text, int start) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            if (text.charAt(i) == '\\') i++;
            i++;
        }
        return i + 1;
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }

    private static int closingBrace(String text, int open) {
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i);
                continue;
            }
            if (c == '}') return i;
            i++;
        }
        throw new IllegalArgumentException("Unclosed { in " + text);
    }

    private static int closingParenthesis(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '(') depth++;
            if (text.charAt(i) == ')' && --depth == 0) return i;
        }
        throw new IllegalArgumentException("Unclosed ( in " + text);
    }

    private static Set<String> labelNames(String matchers) {
        var names = new TreeSet<String>();
        int i = 0;
        while (i < matchers.length()) {
            i = skipSpaces(matchers, i);
            int start = i;
            while (i < matchers.length()
                    && (Character.isLetterOrDigit(matchers.charAt(i)) || matchers.charAt(i) == '_')) i++;
            if (i > start) names.add(matchers.substring(start, i));
            while (i < matchers.length()
                    && matchers.charAt(i) != '"'
                    && matchers.charAt(i) != '\''
                    && matchers.charAt(i) != '`') i++;
            if (i < matchers.length()) i = skipString(matchers, i);
            i = skipSpaces(matchers, i);
            if (i < matchers.length() && matchers.charAt(i) == ',') i++;
        }
        return names;
    }
}
