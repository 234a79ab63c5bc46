package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A dev stack started exactly as {@code ./bulkhead up} starts it (without building: Maven has just
 * packaged everything), in a home of its own, with databases of its own (a {@code BULKHEAD_DB_PREFIX},
 * dropped afterwards). A system test starts one, drives it, then stops it with SIGTERM and checks that
 * nothing it started survives.
 */
final class LaunchedStack {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Path home;
    private final String databasePrefix;
    private final int postgresPort;
    private final List<Integer> appPorts;
    private final Set<Integer> allPorts;
    private final Path output;
    private final Path keptLogs;
    private final Process launcher;
    private final Set<ProcessHandle> started = new LinkedHashSet<>();

    private LaunchedStack(
            Path home,
            String databasePrefix,
            int postgresPort,
            List<Integer> appPorts,
            Set<Integer> allPorts,
            Path output,
            Path keptLogs,
            Process launcher) {
        this.home = home;
        this.databasePrefix = databasePrefix;
        this.postgresPort = postgresPort;
        this.appPorts = appPorts;
        this.allPorts = allPorts;
        this.output = output;
        this.keptLogs = keptLogs;
        this.launcher = launcher;
    }

    /**
     * Runs {@code ./bulkhead up <arguments>} and returns once every application port answers its
     * readiness probe; fails at once if one of the ports is taken, naming them. A stack that does not
     * get ready is stopped, its databases dropped and its logs kept before the failure is thrown.
     *
     * @param workDir a directory of the test's own: the stack's home and the launcher's output go there
     * @param keptLogs where the stack's logs are copied once it has stopped (the work dir is deleted)
     * @param appPorts every application instance's port
     * @param environment what the launcher and the applications are told besides what the launcher
     *     tells them; {@code BULKHEAD_POSTGRES_PORT} is where the databases are read and dropped, and with
     *     {@code BULKHEAD_KAFKA=external} the Kafka ports belong to the test, not the stack
     */
    static LaunchedStack start(
            Path workDir,
            Path keptLogs,
            String databasePrefix,
            List<String> arguments,
            List<Integer> appPorts,
            Map<String, String> environment,
            Duration readyTimeout)
            throws Exception {
        var allPorts = new LinkedHashSet<>(appPorts);
        allPorts.add(Integer.parseInt(environment.getOrDefault("BULKHEAD_PROVIDER_PORT", "8090")));
        if (!"external".equals(environment.get("BULKHEAD_KAFKA"))) {
            allPorts.addAll(List.of(9092, 9093));
        }
        int postgresPort = Integer.parseInt(environment.getOrDefault("BULKHEAD_POSTGRES_PORT", "5432"));
        var busy = allPorts.stream().filter(LaunchedStack::isOpen).toList();
        if (!busy.isEmpty()) {
            fail("Ports " + busy
                    + " are in use (a dev stack is running?): run ./bulkhead down, then run this test again.");
        }
        var output = workDir.resolve("launcher.out");
        var command = new ArrayList<String>();
        command.add(ROOT.resolve("bulkhead").toString());
        command.add("up");
        command.addAll(arguments);
        var builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("BULKHEAD_HOME", workDir.resolve("stack").toString());
        builder.environment().put("BULKHEAD_SKIP_BUILD", "1");
        builder.environment().put("BULKHEAD_READY_TIMEOUT", Long.toString(readyTimeout.toSeconds()));
        builder.environment().put("BULKHEAD_DB_PREFIX", databasePrefix);
        builder.environment().putAll(environment);
        var stack = new LaunchedStack(
                workDir.resolve("stack"),
                databasePrefix,
                postgresPort,
                List.copyOf(appPorts),
                Set.copyOf(allPorts),
                output,
                keptLogs,
                builder.start());
        try {
            stack.awaitAllReady(readyTimeout.plusSeconds(30));
        } catch (Throwable notReady) {
            stack.cleanUp();
            throw notReady;
        }
        return stack;
    }

    Process launcher() {
        return launcher;
    }

    String output() {
        return read(output);
    }

    /** The live process of an application instance as the launcher recorded it ({@code order}, {@code order-2}). */
    Optional<ProcessHandle> instance(String name) throws IOException {
        return recorded().entrySet().stream()
                .filter(e -> e.getKey().equals(name))
                .map(Map.Entry::getValue)
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .filter(ProcessHandle::isAlive)
                .findFirst();
    }

    /** A connection to one of this stack's databases ({@code orders}, {@code payments}, …) on the local server. */
    Connection database(String name) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgresPort + "/" + databasePrefix + name,
                System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres"),
                System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""));
    }

    /**
     * SIGTERM to the launcher, as {@code ./bulkhead down} and Ctrl-C send it: it must stop within 90 s,
     * take every process it started with it and free every port. Whatever happens, nothing is left
     * running, the databases are dropped and the logs are kept.
     *
     * @param atLeast how many processes the launcher must have started (applications and infrastructure)
     */
    void stopAndCheckNothingSurvives(int atLeast) throws Exception {
        try {
            launcher.descendants().forEach(started::add);
            recorded().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(started::add));
            assertThat(started).as("processes the launcher started").hasSizeGreaterThanOrEqualTo(atLeast);

            launcher.destroy();
            assertThat(launcher.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("launcher stopped within %s; output:%n%s", STOP_TIMEOUT, read(output))
                    .isTrue();
            var survivors = awaitGone(started, Duration.ofSeconds(10));
            assertThat(survivors)
                    .as("processes still alive after the launcher stopped")
                    .isEmpty();
            assertThat(allPorts.stream().filter(LaunchedStack::isOpen).toList())
                    .as("ports still open")
                    .isEmpty();
        } finally {
            cleanUp();
        }
    }

    /** Whatever state the stack is in: nothing left running, databases dropped, logs kept. */
    private void cleanUp() throws IOException {
        if (launcher.isAlive()) {
            launcher.descendants().forEach(started::add);
            launcher.destroy();
            try {
                launcher.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            launcher.destroyForcibly();
        }
        recorded().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(started::add));
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        dropDatabases();
        keepLogs();
    }

    /** The stack lives in a temp dir that JUnit deletes; its logs are what a red run is read by. */
    private void keepLogs() {
        try (var files = Files.list(home.resolve("logs"))) {
            Files.createDirectories(keptLogs);
            for (var log : files.toList()) {
                Files.copy(log, keptLogs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.copy(output, keptLogs.resolve("launcher.out"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("could not keep the stack's logs: " + e.getMessage());
        }
    }

    /** On a local server the stack's databases outlive it; this stack's are dropped. */
    private void dropDatabases() {
        if (!isOpen(postgresPort)) return; // embedded Postgres: its data lived in the temp home
        try (var connection = DriverManager.getConnection(
                        "jdbc:postgresql://localhost:" + postgresPort + "/postgres",
                        System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres"),
                        System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""));
                var statement = connection.createStatement()) {
            var names = new ArrayList<String>();
            try (var rows = statement.executeQuery(
                    "select datname from pg_database where datname like '" + databasePrefix + "%'")) {
                while (rows.next()) names.add(rows.getString(1));
            }
            for (String name : names) statement.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("could not drop the databases " + databasePrefix + "*: " + e.getMessage());
        }
    }

    private void awaitAllReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        var waiting = new ArrayList<>(appPorts);
        while (!waiting.isEmpty()) {
            if (!launcher.isAlive()) {
                fail("the launcher exited with code " + launcher.exitValue() + " before all were ready:\n"
                        + read(output));
            }
            if (System.nanoTime() > deadline) {
                fail("not ready after " + timeout + ": ports " + waiting + "\n" + read(output));
            }
            waiting.removeIf(LaunchedStack::isReady);
            Thread.sleep(500);
        }
    }

    /** Name → pid of what the state file lists: includes an embedded Postgres, which pg_ctl detaches. */
    private Map<String, Long> recorded() throws IOException {
        var processes = new LinkedHashMap<String, Long>();
        var state = home.resolve("stack.state");
        if (!Files.exists(state)) return processes;
        for (var line : Files.readAllLines(state)) {
            var parts = line.strip().split("\\s+");
            if (parts.length == 5 && !line.startsWith("#") && !parts[0].equals("launcher")) {
                processes.put(parts[1], Long.parseLong(parts[2]));
            }
        }
        return processes;
    }

    static boolean isReady(int port) {
        try {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<ProcessHandle> awaitGone(Set<ProcessHandle> processes, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> alive;
        do {
            alive = processes.stream().filter(ProcessHandle::isAlive).toList();
            if (alive.isEmpty()) {
                return alive;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return alive.stream().filter(ProcessHandle::isAlive).toList();
    }

    static boolean isOpen(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
