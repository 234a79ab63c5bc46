package dev.bulkhead.devstack.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code .bulkhead/stack.state}: one line per process the launcher started, in start order, so that
 * {@code ./bulkhead down} and {@code status} work from another terminal and a second {@code up}
 * can tell that a stack is running. Rewritten whole (write to a temp file, then rename) on each change.
 */
public final class StateFile {

    private static final String HEADER =
            "# Bulkhead dev stack: written by the launcher, read by ./bulkhead down|status. role name pid started port";

    private final Path file;

    public StateFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public synchronized void write(List<StackProcess> processes) {
        var text = new StringBuilder(HEADER).append('\n');
        processes.forEach(p -> text.append(format(p)).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            var temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The recorded processes, or empty if there is no state file. Unreadable lines are skipped. */
    public Optional<List<StackProcess>> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            var processes = new ArrayList<StackProcess>();
            for (var line : Files.readAllLines(file)) {
                parse(line).ifPresent(processes::add);
            }
            return Optional.of(List.copyOf(processes));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    static String format(StackProcess p) {
        return String.join(
                " ",
                p.role().name().toLowerCase(java.util.Locale.ROOT),
                p.name(),
                Long.toString(p.pid()),
                Long.toString(p.startedAtMillis()),
                Integer.toString(p.port()));
    }

    static Optional<StackProcess> parse(String line) {
        var trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Optional.empty();
        }
        var parts = trimmed.split("\\s+");
        if (parts.length != 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StackProcess(
                    StackProcess.Role.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)),
                    parts[1],
                    Long.parseLong(parts[2]),
                    Long.parseLong(parts[3]),
                    Integer.parseInt(parts[4])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
