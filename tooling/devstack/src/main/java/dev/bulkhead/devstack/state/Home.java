package dev.bulkhead.devstack.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The layout of the dev stack's home, {@code .bulkhead/} at the repository root unless
 * {@code BULKHEAD_HOME} says otherwise (tests use a temporary one).
 */
public record Home(Path dir) {

    public Path logs() {
        return dir.resolve("logs");
    }

    public Path log(String name) {
        return logs().resolve(name + ".log");
    }

    public Path kafka() {
        return dir.resolve("kafka");
    }

    public Path postgres() {
        return dir.resolve("postgres");
    }

    public Path aot() {
        return dir.resolve("aot");
    }

    public StateFile stateFile() {
        return new StateFile(dir.resolve("stack.state"));
    }

    /** Deletes a directory and everything in it; nothing if it does not exist. */
    public static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(tree)) {
            for (var p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
