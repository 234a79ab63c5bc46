package dev.bulkhead.deploymentcheck.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The properties an application really binds, so that a deployment setting anything else (a typo, a
 * renamed key, a variable for another service) fails here instead of being silently ignored there.
 *
 * <p>Sources: the Spring configuration metadata of every library in its jar and of the application
 * (what Boot and resilience-lib bind); the keys of the effective configuration (application.yml and
 * resilience-lib's defaults, which may set keys that nothing declares, e.g. Kafka client properties);
 * {@code ${VARIABLE}} placeholders in those files; and the {@code @ConfigurationProperties} records in the
 * module's own sources, which have no metadata because services do not run the metadata processor.
 */
public final class BoundProperties {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern CONFIGURATION_PROPERTIES =
            Pattern.compile("@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*|value\\s*=\\s*)?\"([^\"]+)\"\\s*\\)");
    private static final Pattern FIELD =
            Pattern.compile("private\\s+(?!static)(?:final\\s+)?[\\w<>,.?\\[\\]]+(?:\\s*<[^;=]*>)?\\s+(\\w+)\\s*[;=]");
    private static final Pattern TYPE = Pattern.compile("\\b(record|class)\\s+(\\w+)\\s*(\\(|[^{(]*\\{)");

    private final Set<String> exact = new HashSet<>();
    private final Set<String> prefixes = new HashSet<>();
    private final Set<String> variables = new HashSet<>();

    private BoundProperties() {}

    public static BoundProperties of(Application application) {
        var bound = new BoundProperties();
        for (String document : application.bootJar().configurationMetadata()) {
            for (JsonNode property : JSON.readTree(document).path("properties")) {
                bound.declare(
                        property.path("name").asString(), property.path("type").asString(""));
            }
        }
        var configuration = Configuration.of(application);
        configuration.values().forEach((key, value) -> {
            bound.exact.add(RelaxedNames.ofProperty(key));
            bound.exact.add(RelaxedNames.ofPropertyWithDashesAsDots(key));
            bound.collectVariables(value);
        });
        bound.collectVariables(Repository.read(application.dir().resolve("src/main/resources/application.yml")));
        bound.scanConfigurationProperties(application.sources());
        return bound;
    }

    /** Whether setting this environment variable changes a property the application binds. */
    public boolean binds(String variable) {
        if (variables.contains(variable)) {
            return true;
        }
        String uniform = RelaxedNames.ofEnvironmentVariable(variable);
        return exact.contains(uniform) || prefixes.stream().anyMatch(uniform::startsWith);
    }

    private void declare(String name, String type) {
        String uniform = RelaxedNames.ofProperty(name);
        exact.add(uniform);
        if (type.startsWith("java.util.Map")
                || type.startsWith("java.util.List")
                || type.startsWith("java.util.Set")
                || type.startsWith("java.util.Collection")
                || type.endsWith("[]")) {
            prefixes.add(uniform + ".");
        }
    }

    private void collectVariables(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
    }

    /**
     * A record's components (or a class's fields) under its prefix; anything below a component too, since
     * a component may be a nested record, a list or a map.
     */
    private void scanConfigurationProperties(Path sources) {
        List<Path> files;
        try (var walk = Files.walk(sources)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            String source = Repository.read(file);
            Matcher annotation = CONFIGURATION_PROPERTIES.matcher(source);
            while (annotation.find()) {
                String prefix = RelaxedNames.ofProperty(annotation.group(1));
                Matcher type = TYPE.matcher(source);
                if (!type.find(annotation.end())) {
                    continue;
                }
                for (String member : members(source, type)) {
                    for (String name : java.util.List.of(
                            prefix + "." + RelaxedNames.ofProperty(camelToKebab(member)),
                            RelaxedNames.ofPropertyWithDashesAsDots(
                                    annotation.group(1) + "." + camelToKebab(member)))) {
                        exact.add(name);
                        prefixes.add(name + ".");
                    }
                }
            }
        }
    }

    private static List<String> members(String source, Matcher type) {
        var names = new ArrayList<String>();
        if (type.group(1).equals("record")) {
            int open = source.indexOf('(', type.start());
            String header = stripAnnotations(balanced(source, open));
            for (String component : splitTopLevel(header)) {
                String[] words = component.trim().split("\\s+");
                if (words.length > 0 && !words[words.length - 1].isBlank()) {
                    names.add(words[words.length - 1]);
                }
            }
        } else {
            Matcher field = FIELD.matcher(source);
            int from = type.end();
            while (field.find(from)) {
                names.add(field.group(1));
                from = field.end();
            }
        }
        return names;
    }

    /** The text between the parenthesis at {@code open} and its partner. */
    private static String balanced(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '(') depth++;
            if (c == ')' && --depth == 0) return source.substring(open + 1, i);
        }
        throw new IllegalArgumentException("Unbalanced parentheses");
    }

    private static String stripAnnotations(String text) {
        var out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '@') {
                int j = i + 1;
                while (j < text.length() && (Character.isJavaIdentifierPart(text.charAt(j)) || text.charAt(j) == '.'))
                    j++;
                while (j < text.length() && Character.isWhitespace(text.charAt(j))) j++;
                if (j < text.length() && text.charAt(j) == '(') {
                    j += balanced(text, j).length() + 2;
                }
                i = j;
            } else if (c == '"') {
                int j = text.indexOf('"', i + 1);
                i = j < 0 ? text.length() : j + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static List<String> splitTopLevel(String text) {
        var parts = new ArrayList<String>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '(') depth++;
            if (c == '>' || c == ')') depth--;
            if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String camelToKebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
