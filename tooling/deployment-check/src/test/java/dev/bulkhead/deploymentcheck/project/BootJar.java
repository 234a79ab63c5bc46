package dev.bulkhead.deploymentcheck.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;

/**
 * An application's executable jar as Maven packaged it: the libraries it runs with, its own resources
 * and theirs. Read without starting anything; what the image and the tests run is exactly this file.
 */
public final class BootJar {

    private static final String LIB = "BOOT-INF/lib/";
    private static final String CLASSES = "BOOT-INF/classes/";
    private static final List<String> METADATA = List.of(
            "META-INF/spring-configuration-metadata.json", "META-INF/additional-spring-configuration-metadata.json");

    private final Path file;
    private final List<String> libraries;
    private List<String> metadata;

    private BootJar(Path file, List<String> libraries) {
        this.file = file;
        this.libraries = libraries;
    }

    /** Opens the jar, or fails saying how to build it. */
    public static BootJar open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(Repository.relative(file) + " is missing: these tests read the packaged"
                    + " applications. Run ./mvnw verify (the reactor packages them first), or ./mvnw package"
                    + " -DskipTests before ./mvnw verify -pl tooling/deployment-check.");
        }
        var libraries = new ArrayList<String>();
        try (var jar = new JarFile(file.toFile())) {
            jar.stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.startsWith(LIB) && name.endsWith(".jar"))
                    .map(name -> name.substring(LIB.length()))
                    .sorted()
                    .forEach(libraries::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return new BootJar(file, List.copyOf(libraries));
    }

    public Path file() {
        return file;
    }

    /** File names under {@code BOOT-INF/lib}. */
    public List<String> libraries() {
        return libraries;
    }

    /** Whether {@code artifactId-<version>.jar} is among the libraries (not {@code artifactId-foo-…}). */
    public boolean hasLibrary(String artifactId) {
        var pattern = Pattern.compile(Pattern.quote(artifactId) + "-\\d[^/]*\\.jar");
        return libraries.stream().anyMatch(name -> pattern.matcher(name).matches());
    }

    /** A resource of the application itself ({@code BOOT-INF/classes/<name>}). */
    public Optional<String> resource(String name) {
        try (var jar = new JarFile(file.toFile())) {
            var entry = jar.getEntry(CLASSES + name);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resource inside one of the libraries, e.g. resilience-lib's defaults. */
    public Optional<String> libraryResource(String artifactId, String name) {
        var pattern = Pattern.compile(Pattern.quote(artifactId) + "-\\d[^/]*\\.jar");
        var library =
                libraries.stream().filter(l -> pattern.matcher(l).matches()).findFirst();
        if (library.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                readNested(List.of(library.get()), List.of(name)).get(library.get() + "!" + name));
    }

    /** Every Spring configuration metadata document in the jar: the libraries' and the application's. */
    public synchronized List<String> configurationMetadata() {
        if (metadata == null) {
            var documents =
                    new ArrayList<String>(readNested(libraries, METADATA).values());
            METADATA.forEach(name -> resource(name).ifPresent(documents::add));
            metadata = List.copyOf(documents);
        }
        return metadata;
    }

    private Map<String, String> readNested(List<String> libs, List<String> names) {
        var found = new LinkedHashMap<String, String>();
        try (var jar = new JarFile(file.toFile())) {
            for (String lib : libs) {
                var entry = jar.getEntry(LIB + lib);
                try (var nested = new ZipInputStream(jar.getInputStream(entry))) {
                    for (var inner = nested.getNextEntry(); inner != null; inner = nested.getNextEntry()) {
                        if (names.contains(inner.getName())) {
                            found.put(
                                    lib + "!" + inner.getName(),
                                    new String(nested.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return found;
    }
}
