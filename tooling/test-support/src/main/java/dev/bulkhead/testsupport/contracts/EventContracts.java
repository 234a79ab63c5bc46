package dev.bulkhead.testsupport.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's {@code contracts/} folder: JSON Schemas (draft 2020-12, format assertions on) of
 * every event, and their examples. Producer tests validate what they actually emitted; consumer tests
 * read the examples.
 *
 * <pre>{@code
 * EventContracts contracts = EventContracts.ofRepository();
 * contracts.assertValid("user-events", recordValue);         // envelope + UserRegistered.v1 schema
 * List<String> examples = contracts.examples("user-events"); // for consumers
 * }</pre>
 *
 * <p>An event is checked against {@code schemas/<topic>/<type>.v<version>.schema.json}, chosen by its
 * own {@code type} and {@code version}; that schema includes the envelope's by {@code $ref}. Schema
 * ids under {@value #BASE} resolve to files of the folder, never to the network. Each event schema names
 * its aggregate id ({@value #KEY}), and an event whose {@code subject} (the Kafka record key) is not that
 * id violates its contract too.
 */
public final class EventContracts {

    /** The {@code $id} prefix of every Bulkhead schema; the rest of the id is the path under contracts/. */
    public static final String BASE = "https://bulkhead.dev/contracts/";

    /** The schema keyword naming the {@code data} field that holds the aggregate id, the record's key. */
    public static final String KEY = "x-key";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path root;
    private final SchemaRegistry registry;

    private EventContracts(Path root) {
        this.root = root;
        this.registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(this::load));
    }

    /** The {@code contracts/} folder of the nearest enclosing directory that has one (module → repository root). */
    public static EventContracts ofRepository() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            Path candidate = directory.resolve("contracts");
            if (Files.isDirectory(candidate.resolve("schemas"))) {
                return new EventContracts(candidate);
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException(
                "No contracts/schemas folder above " + Path.of("").toAbsolutePath());
    }

    /** @return the contracts folder in use */
    public Path root() {
        return root;
    }

    /**
     * Validates one event as it travels (the record value).
     *
     * @return the violations, empty when the event is valid
     */
    public List<String> violations(String topic, String event) {
        JsonNode node = JSON.readTree(event);
        String type = node.path("type").asString("");
        int version = node.path("version").asInt(0);
        String relative = "schemas/" + topic + "/" + type + ".v" + version + ".schema.json";
        if (type.isEmpty() || version < 1 || !Files.isRegularFile(root.resolve(relative))) {
            return List.of("no schema " + relative + " for an event of type '" + type + "' version " + version);
        }
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + relative));
        List<Error> errors = schema.validate(
                event,
                InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        List<String> result = new ArrayList<>();
        errors.forEach(error -> result.add(error.toString()));
        result.addAll(keyViolations(relative, node));
        return result;
    }

    /**
     * The envelope's {@code subject} (which the outbox also makes the Kafka record key) must be the id
     * of the aggregate the event is about, named by the schema's {@value #KEY} (a field of {@code data}):
     * one aggregate's events then share a partition and stay in order.
     */
    private List<String> keyViolations(String relative, JsonNode event) {
        String field = JSON.readTree(read(root.resolve(relative))).path(KEY).asString("");
        if (field.isEmpty()) {
            return List.of(relative + " names no " + KEY + ": which field of data is the aggregate id that keys it?");
        }
        String subject = event.path("subject").asString("");
        String aggregate = event.path("data").path(field).asString("");
        if (!subject.equals(aggregate)) {
            return List.of("subject (the record key) is '" + subject + "', not the aggregate id data." + field + " '"
                    + aggregate + "': this aggregate's events would not stay in one partition, in order");
        }
        return List.of();
    }

    /** @throws AssertionError listing every violation, when the event does not match its schema */
    public void assertValid(String topic, String event) {
        List<String> violations = violations(topic, event);
        if (!violations.isEmpty()) {
            throw new AssertionError("Event on " + topic + " violates its contract:\n  "
                    + String.join("\n  ", violations) + "\nEvent: " + event);
        }
    }

    /** @return the example events of a topic ({@code examples/<topic>/*.json}), as text */
    public List<String> examples(String topic) {
        try (Stream<Path> files = Files.list(root.resolve("examples").resolve(topic))) {
            return files.filter(file -> file.toString().endsWith(".json"))
                    .sorted()
                    .map(EventContracts::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String load(String iri) {
        if (!iri.startsWith(BASE)) {
            return null; // not ours: the registry's own resolution (meta-schemas) applies
        }
        Path file = root.resolve(iri.substring(BASE.length())).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return null;
        }
        return read(file);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
