package dev.bulkhead.deploymentcheck.compose;

import dev.bulkhead.deploymentcheck.project.Repository;
import dev.bulkhead.deploymentcheck.project.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as docker compose sees it: YAML anchors and merge keys resolved, {@code ${VARIABLE}}
 * interpolated from {@code .env.example} (what a user's {@code .env} starts as), {@code $$} unescaped.
 */
public final class Compose {

    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, Object> file;
    private final Map<String, String> dotenv;
    private final Set<String> referenced = new LinkedHashSet<>();
    private final List<String> unresolved = new ArrayList<>();

    private Compose(Map<String, Object> raw, Map<String, String> dotenv) {
        this.dotenv = dotenv;
        this.file = Yaml.cast(interpolate(raw));
    }

    /** The repository's docker-compose.yml with .env.example as its .env. */
    public static Compose load() {
        return new Compose(Yaml.document(path()), dotenv(Repository.path(".env.example")));
    }

    public static Path path() {
        return Repository.path("docker-compose.yml");
    }

    /** {@code KEY=VALUE} lines; comments and blank lines skipped. */
    public static Map<String, String> dotenv(Path file) {
        var values = new LinkedHashMap<String, String>();
        for (String line : Repository.read(file).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
            int eq = trimmed.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException(file + ": not KEY=VALUE: " + line);
            values.put(
                    trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
        }
        return values;
    }

    public Map<String, Object> file() {
        return file;
    }

    public Map<String, String> dotenv() {
        return dotenv;
    }

    /** Variables the file refers to. */
    public Set<String> referencedVariables() {
        return referenced;
    }

    /** References that .env.example leaves unset and that have no default. */
    public List<String> unresolvedVariables() {
        return unresolved;
    }

    public Map<String, Service> services() {
        var services = new LinkedHashMap<String, Service>();
        Yaml.cast(file.get("services"))
                .forEach((name, definition) -> services.put(name, new Service(name, Yaml.cast(definition))));
        return services;
    }

    public Service service(String name) {
        var service = services().get(name);
        if (service == null) throw new AssertionError("docker-compose.yml has no service " + name);
        return service;
    }

    /** The service that builds {@code module}, if any. */
    public Optional<Service> serviceBuilding(String module) {
        return services().values().stream()
                .filter(s -> s.module().filter(module::equals).isPresent())
                .findFirst();
    }

    private Object interpolate(Object node) {
        if (node instanceof Map<?, ?> map) {
            var out = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> out.put(String.valueOf(k), interpolate(v)));
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(this::interpolate).toList();
        }
        if (node instanceof String text) {
            return interpolate(text);
        }
        return node;
    }

    private String interpolate(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        var out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(4);
                String operator = matcher.group(2);
                String argument = matcher.group(3) == null ? "" : matcher.group(3);
                referenced.add(name);
                String value = dotenv.get(name);
                boolean set = value != null;
                boolean nonEmpty = set && !value.isEmpty();
                if (operator == null) {
                    if (!set) unresolved.add(name);
                    replacement = set ? value : "";
                } else {
                    replacement = switch (operator) {
                        case ":-" -> nonEmpty ? value : argument;
                        case "-" -> set ? value : argument;
                        case ":?" -> {
                            if (!nonEmpty) unresolved.add(name + " (" + argument + ")");
                            yield nonEmpty ? value : "";
                        }
                        case "?" -> {
                            if (!set) unresolved.add(name + " (" + argument + ")");
                            yield set ? value : "";
                        }
                        case ":+" -> nonEmpty ? argument : "";
                        case "+" -> set ? argument : "";
                        default -> throw new IllegalArgumentException("Unknown interpolation " + matcher.group());
                    };
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Whether a path the file mounts or builds from exists, relative to the compose file. */
    public static boolean exists(String relative) {
        return Files.exists(path().getParent().resolve(relative).normalize());
    }
}
