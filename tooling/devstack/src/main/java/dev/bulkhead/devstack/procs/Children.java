package dev.bulkhead.devstack.procs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts child processes the way the dev stack wants them: own session, output to a log file. */
public final class Children {

    /**
     * {@code setsid} puts a child in its own session, so a Ctrl-C in the terminal reaches only the
     * launcher, which then stops everything in order (applications before the broker they talk to).
     * The child keeps its pid: setsid only forks when it already leads a process group.
     */
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private static final File NO_INPUT = new File("/dev/null");

    private Children() {}

    public static Process start(List<String> command, Map<String, String> env, Path workDir, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        var fullCommand = new ArrayList<String>();
        if (Files.isExecutable(SETSID)) {
            fullCommand.add(SETSID.toString());
        }
        fullCommand.addAll(command);
        var builder = new ProcessBuilder(fullCommand)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs a short-lived command to completion, appending its output to the log; returns its exit code. */
    public static int run(List<String> command, Map<String, String> env, Path workDir, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        var builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return builder.start().waitFor();
    }
}
