package dev.bulkhead.deploymentcheck.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The Bulkhead repository this test runs in: its root, its version, its files. */
public final class Repository {

    private static final Pattern VERSION =
            Pattern.compile("<artifactId>bulkhead</artifactId>\\s*<version>([^<]+)</version>");

    private Repository() {}

    /** The repository root: Maven passes it as {@code bulkhead.root}; from an IDE, the nearest folder with mvnw. */
    public static Path root() {
        String configured = System.getProperty("bulkhead.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "Cannot find the repository root (no mvnw above " + Path.of("").toAbsolutePath() + ")");
    }

    public static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }

    /** The project version, as the jars are named. */
    public static String version() {
        String configured = System.getProperty("bulkhead.version");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        var matcher = VERSION.matcher(read(path("pom.xml")));
        if (!matcher.find()) {
            throw new IllegalStateException("No version in the root pom.xml");
        }
        return matcher.group(1);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path relative to the root, for messages. */
    public static String relative(Path file) {
        return root().relativize(file.toAbsolutePath().normalize()).toString();
    }
}
