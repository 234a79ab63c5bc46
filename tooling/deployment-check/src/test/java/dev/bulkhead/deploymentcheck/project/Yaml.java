package dev.bulkhead.deploymentcheck.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/** YAML as plain maps and lists (SnakeYAML, which resolves anchors and {@code <<} merge keys as compose does). */
public final class Yaml {

    private Yaml() {}

    /** Every document of a file; empty documents are skipped. */
    public static List<Map<String, Object>> documents(String text) {
        var options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        var yaml = new org.yaml.snakeyaml.Yaml(options);
        var documents = new ArrayList<Map<String, Object>>();
        for (Object document : yaml.loadAll(text)) {
            if (document instanceof Map<?, ?> map) {
                documents.add(cast(map));
            } else if (document != null) {
                throw new IllegalArgumentException("A YAML document that is not a mapping: " + document);
            }
        }
        return documents;
    }

    public static Map<String, Object> document(Path file) {
        var documents = documents(Repository.read(file));
        if (documents.size() != 1) {
            throw new IllegalArgumentException(
                    Repository.relative(file) + " has " + documents.size() + " documents, not one");
        }
        return documents.getFirst();
    }

    /**
     * Spring-style flat keys: nested maps joined with {@code .}, list items as {@code [i]}; a bracketed
     * key ({@code "[mail.smtp.timeout]"}) is kept whole, as Spring binds it.
     */
    public static Map<String, Object> flatten(Map<String, Object> tree) {
        var flat = new LinkedHashMap<String, Object>();
        flatten("", tree, flat);
        return flat;
    }

    private static void flatten(String prefix, Object node, Map<String, Object> into) {
        if (node instanceof Map<?, ?> map) {
            if (map.isEmpty() && !prefix.isEmpty()) {
                into.put(prefix, "");
            }
            map.forEach((key, value) -> {
                String name = String.valueOf(key);
                String joined = prefix.isEmpty() ? name : name.startsWith("[") ? prefix + name : prefix + "." + name;
                flatten(joined, value, into);
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else {
            into.put(prefix, node == null ? "" : node);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object list) {
        return list == null ? List.of() : (List<Object>) list;
    }

    /** {@code map.a.b.c}, or null when a step is missing. */
    public static Object at(Map<String, Object> map, String... path) {
        Object node = map;
        for (String step : path) {
            if (!(node instanceof Map<?, ?> current)) {
                return null;
            }
            node = current.get(step);
        }
        return node;
    }
}
