package dev.bulkhead.devstack.apps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An application instance did not start; the message names it, its port and its log, and quotes the log's end. */
public final class StartFailure extends Exception {

    private static final long serialVersionUID = 1L;

    static final int LOG_LINES = 20;

    StartFailure(String message) {
        super(message);
    }

    /** {@code shownLog} is how to name the log to the reader (relative to the repository when inside it). */
    static StartFailure of(Instance instance, String what, Path log, String shownLog) {
        var message = new StringBuilder()
                .append(instance.name())
                .append(" (port ")
                .append(instance.port())
                .append(") ")
                .append(what)
                .append(" — see ")
                .append(shownLog);
        try {
            var lines = Files.readAllLines(log);
            if (!lines.isEmpty()) {
                message.append("\n  last lines of the log:\n");
            }
            lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size())
                    .forEach(l -> message.append("    ").append(l).append('\n'));
        } catch (IOException | UncheckedIOException e) {
            // the log is named above; nothing more to show
        }
        return new StartFailure(message.toString().stripTrailing());
    }
}
