package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Postgres server of the chaos run's own (initdb into a private data directory, pg_ctl on a free
 * port), so the run can crash and restart it without touching the machine's shared server. initdb and
 * the server refuse to run as root, so as root every command runs as the {@code postgres} user that
 * Debian's package creates.
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;
    private final Path keptLogs;

    private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgres, Path keptLogs) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
        this.keptLogs = keptLogs;
    }

    /** @param keptLogs where the server's log and the commands' output are copied when it is closed */
    static PrivatePostgres start(int port, Path keptLogs) throws Exception {
        var bin = binaries();
        boolean asPostgres = "root".equals(System.getProperty("user.name"));
        var dir = Files.createTempDirectory("bulkhead-chaos-postgres-");
        if (asPostgres) {
            var postgres =
                    FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        var server = new PrivatePostgres(bin, dir, port, asPostgres, keptLogs);
        server.run("initdb", "-D", server.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        server.start();
        return server;
    }

    int port() {
        return port;
    }

    void start() throws Exception {
        run(
                "pg_ctl",
                "-D",
                data(),
                "-l",
                dir.resolve("postgres.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                String.join(
                        " ",
                        "-p " + port,
                        "-c listen_addresses=127.0.0.1",
                        "-c unix_socket_directories=" + dir,
                        "-c max_connections=300",
                        "-c shared_buffers=64MB",
                        // a test's data: a crash of the server, not of the machine, loses nothing unsynced
                        "-c fsync=off"),
                "start");
    }

    /** {@code pg_ctl stop -m immediate}: every backend killed, no checkpoint; the next start recovers from WAL. */
    void crash() throws Exception {
        run("pg_ctl", "-D", data(), "-m", "immediate", "stop");
    }

    @Override
    public void close() throws Exception {
        if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
            run("pg_ctl", "-D", data(), "-m", "fast", "stop");
        }
        Files.createDirectories(keptLogs);
        for (var log : List.of("postgres.log", "commands.out")) {
            if (Files.exists(dir.resolve(log))) {
                Files.copy(dir.resolve(log), keptLogs.resolve(log), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void run(String program, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        if (asPostgres) command.addAll(List.of("runuser", "-u", "postgres", "--"));
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        var output = dir.resolve("commands.out");
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail("%s failed:%n%s", String.join(" ", command), Files.readString(output));
        }
    }

    /** The newest of Debian's /usr/lib/postgresql/<major>/bin, or whatever holds pg_ctl on PATH. */
    private static Path binaries() throws IOException {
        var debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (var majors = Files.list(debian)) {
                var newest = majors.map(major -> major.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")))
                        .max(Comparator.comparing(bin -> Integer.parseInt(
                                bin.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) return newest.get();
            }
        }
        for (var entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "pg_ctl"))) return Path.of(entry);
        }
        return fail("No Postgres server binaries (initdb, pg_ctl) found: install them with"
                + " `apt-get install postgresql` (the chaos suite runs a Postgres of its own, to stop it).");
    }
}
