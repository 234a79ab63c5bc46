package dev.bulkhead.devstack.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Decides whether an application jar must be rebuilt: it is missing, or a file it is built from
 * (its module's pom and main sources, the parent poms, resilience-lib) changed after it was written.
 *
 * <p>The build is reproducible, so Spring Boot stamps every jar with the same fixed modification
 * time; when it was really written is the inode's change time, which any write updates.
 */
public final class Staleness {

    /** Inputs every application is built from, relative to the repository root. */
    static final List<String> SHARED_INPUTS =
            List.of("pom.xml", "tooling/service-parent/pom.xml", "resilience-lib/pom.xml", "resilience-lib/src/main");

    private final Path root;
    private final Function<Path, FileTime> writtenAt;

    public Staleness(Path root) {
        this(root, Staleness::changeTime);
    }

    Staleness(Path root, Function<Path, FileTime> writtenAt) {
        this.root = root;
        this.writtenAt = writtenAt;
    }

    /** Why the module's jar needs building, or empty if it is up to date. */
    public Optional<String> whyStale(String module, Path jar) {
        if (!Files.isRegularFile(jar)) {
            return Optional.of("no jar yet");
        }
        var built = writtenAt.apply(jar);
        return inputs(module)
                .filter(input -> lastModified(input).compareTo(built) > 0)
                .findFirst()
                .map(input -> root.relativize(input) + " changed since the jar was built");
    }

    private Stream<Path> inputs(String module) {
        return Stream.concat(Stream.of(module + "/pom.xml", module + "/src/main"), SHARED_INPUTS.stream())
                .map(root::resolve)
                .flatMap(Staleness::files);
    }

    private static Stream<Path> files(Path path) {
        if (!Files.exists(path)) {
            return Stream.empty();
        }
        try (var walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The later of modification and inode change time (the "unix" view exists on Linux and macOS). */
    static FileTime changeTime(Path file) {
        var modified = lastModified(file);
        try {
            var changed = (FileTime) Files.getAttribute(file, "unix:ctime");
            return changed.compareTo(modified) > 0 ? changed : modified;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return modified;
        }
    }
}
