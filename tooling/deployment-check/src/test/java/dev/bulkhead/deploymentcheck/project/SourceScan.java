package dev.bulkhead.deploymentcheck.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the sources say about calls that configuration alone does not: the Kafka topics an application
 * listens to and writes, and the properties its Feign clients take their URL from.
 */
public final class SourceScan {

    private static final Pattern LISTENER = Pattern.compile("@KafkaListener\\s*\\(");
    private static final Pattern TOPICS = Pattern.compile("\\btopics\\s*=\\s*(\\{[^}]*}|\"[^\"]*\"|[\\w.]+)");
    private static final Pattern LITERAL = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("String\\s+\\w*TOPIC\\w*\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern OUTBOX_APPEND = Pattern.compile("\\.append\\(\\s*\"([a-z0-9.-]+)\"");
    private static final Pattern FEIGN = Pattern.compile("@FeignClient\\s*\\(");
    private static final Pattern FEIGN_URL = Pattern.compile("\\burl\\s*=\\s*\"\\$\\{([^}:]+)(?::[^}]*)?}\"");
    private static final Pattern FEIGN_NAME = Pattern.compile("\\b(?:name|value)\\s*=\\s*\"([a-z0-9-]+)\"");

    private SourceScan() {}

    /** Topics named in {@code @KafkaListener(topics = …)}, literal or through a constant of the same file. */
    public static Set<String> consumedTopics(Application application) {
        var topics = new LinkedHashSet<String>();
        for (String source : sources(application)) {
            Matcher listener = LISTENER.matcher(source);
            while (listener.find()) {
                String arguments = balanced(source, listener.end() - 1);
                Matcher declared = TOPICS.matcher(arguments);
                if (!declared.find()) {
                    throw new AssertionError(application + ": a @KafkaListener without topics = … (topicPattern?);"
                            + " teach SourceScan to read it");
                }
                String value = declared.group(1);
                Matcher literal = LITERAL.matcher(value);
                boolean any = false;
                while (literal.find()) {
                    topics.add(literal.group(1));
                    any = true;
                }
                if (!any) {
                    String constant = value.replaceAll("[{}\\s]", "");
                    constant = constant.substring(constant.lastIndexOf('.') + 1);
                    Matcher definition = Pattern.compile(
                                    "String\\s+" + Pattern.quote(constant) + "\\s*=\\s*\"([^\"]+)\"")
                            .matcher(source);
                    if (!definition.find()) {
                        throw new AssertionError(application + ": cannot resolve the topic constant " + value);
                    }
                    topics.add(definition.group(1));
                }
            }
        }
        return topics;
    }

    /** Every topic the application names: those it listens to, its {@code *TOPIC*} constants and outbox appends. */
    public static Set<String> topics(Application application) {
        var topics = new LinkedHashSet<>(consumedTopics(application));
        for (String source : sources(application)) {
            for (Pattern pattern : List.of(TOPIC_CONSTANT, OUTBOX_APPEND)) {
                Matcher matcher = pattern.matcher(source);
                while (matcher.find()) {
                    topics.add(matcher.group(1));
                }
            }
        }
        return topics;
    }

    /**
     * The property each {@code @FeignClient} takes its address from: its {@code url = "${...}"}, or, for
     * a load-balanced client (no {@code url}), {@code bulkhead.services.<name>} (resilience-lib's
     * discovery/). A client with neither fails.
     */
    public static List<String> feignUrlProperties(Application application) {
        var properties = new ArrayList<String>();
        for (String source : sources(application)) {
            Matcher client = FEIGN.matcher(source);
            while (client.find()) {
                String arguments = balanced(source, client.end() - 1);
                Matcher url = FEIGN_URL.matcher(arguments);
                Matcher name = FEIGN_NAME.matcher(arguments);
                if (url.find()) {
                    properties.add(url.group(1));
                } else if (!arguments.contains("url") && name.find()) {
                    properties.add("bulkhead.services." + name.group(1));
                } else {
                    throw new AssertionError(application + ": @FeignClient(" + arguments + ") has neither url ="
                            + " \"${property}\" nor a literal name of bulkhead.services; the deployments give"
                            + " every client its address through a property");
                }
            }
        }
        return properties;
    }

    private static List<String> sources(Application application) {
        try (var files = Files.walk(application.sources())) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .sorted()
                    .map(Repository::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String balanced(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '(') depth++;
            if (c == ')' && --depth == 0) return source.substring(open + 1, i);
        }
        throw new IllegalArgumentException("Unbalanced parentheses");
    }
}
