package dev.bulkhead.deploymentcheck.observability;

import dev.bulkhead.deploymentcheck.project.Repository;
import dev.bulkhead.deploymentcheck.project.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every PromQL expression of the compose observability stack: Grafana dashboards and Prometheus alert rules. */
final class Queries {

    /** An expression and where it is, for messages. */
    record Query(String location, String expression) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*([^,)]+?)\\s*(?:,\\s*([\\w]+)\\s*)?\\)");

    private Queries() {}

    static Path dashboards() {
        return Repository.path("compose", "grafana", "dashboards");
    }

    static Path rules() {
        return Repository.path("compose", "prometheus", "rules");
    }

    static List<Path> files(Path dir, String extension) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(extension)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode dashboard(Path file) {
        return JSON.readTree(Repository.read(file));
    }

    static List<Query> all() {
        var queries = new ArrayList<Query>();
        for (Path file : files(dashboards(), ".json")) {
            collect(dashboard(file), Repository.relative(file), queries);
        }
        for (Path file : files(rules(), ".yml")) {
            for (var rule : alertRules(file)) {
                queries.add(new Query(
                        Repository.relative(file) + " " + rule.get("alert"), String.valueOf(rule.get("expr"))));
            }
        }
        return queries;
    }

    static List<Map<String, Object>> alertRules(Path file) {
        var rules = new ArrayList<Map<String, Object>>();
        for (Object group : Yaml.list(Yaml.document(file).get("groups"))) {
            for (Object rule : Yaml.list(Yaml.cast(group).get("rules"))) {
                rules.add(Yaml.cast(rule));
            }
        }
        return rules;
    }

    /** {@code expr} of every target, and {@code label_values(metric, label)} of template variables. */
    private static void collect(JsonNode node, String location, List<Query> into) {
        if (node.isObject()) {
            String here =
                    node.has("title") ? location + " › " + node.get("title").asString() : location;
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isString() && !expr.asString().isBlank()) {
                into.add(new Query(here, expr.asString()));
            }
            JsonNode query = node.get("query");
            String variable = query == null
                    ? null
                    : query.isString()
                            ? query.asString()
                            : query.path("query").isString()
                                    ? query.path("query").asString()
                                    : null;
            if (variable != null) {
                Matcher values = LABEL_VALUES.matcher(variable);
                while (values.find()) {
                    String selector =
                            values.group(1) + (values.group(2) == null ? "" : "{" + values.group(2) + "=~\".+\"}");
                    into.add(new Query(here + " (variable)", selector));
                }
            }
            node.properties().forEach(entry -> collect(entry.getValue(), here, into));
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, location, into));
        }
    }
}
