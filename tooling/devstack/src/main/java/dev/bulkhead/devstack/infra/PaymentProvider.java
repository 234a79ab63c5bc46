package dev.bulkhead.devstack.infra;

import dev.bulkhead.devstack.procs.Children;
import dev.bulkhead.devstack.procs.Stopping;
import dev.bulkhead.localservers.LocalPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The payment provider is an external system; the dev stack runs a standalone WireMock in its place,
 * serving the same mappings ({@code tooling/payment-provider}) the tests load in-process. Its admin API
 * ({@code /__admin}) lets a reader make the provider slow or failing while the stack runs.
 */
public final class PaymentProvider {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30); // ready in ~1.5 s when idle
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /** A stub server: tiny heap, one compiler thread, enough threads for a demo's concurrent charges. */
    private static final List<String> JVM_FLAGS = List.of(
            "-Xms32m", "-Xmx128m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    /**
     * Enough for every call of a load test with several instances (ScaleOutIT: a few hundred orders,
     * their retries and refunds), whose journal the test reads; a few MB at most.
     */
    static final int JOURNAL_ENTRIES = 5000;

    private PaymentProvider() {}

    /**
     * @param jar the wiremock-standalone jar Maven copied next to the launcher
     * @param rootDir the folder holding {@code mappings/}
     */
    public record ProviderConfig(Path java, Path jar, Path rootDir, int port, Path log) {}

    public static Component start(ProviderConfig config) throws IOException, InterruptedException {
        if (!Files.isRegularFile(config.jar())) {
            throw new IOException("The payment-provider simulator is not built: " + config.jar()
                    + " is missing; run ./mvnw package -pl tooling/devstack -am");
        }
        if (!Files.isDirectory(config.rootDir().resolve("mappings"))) {
            throw new IOException(
                    "No WireMock mappings under " + config.rootDir().resolve("mappings"));
        }
        Files.deleteIfExists(config.log());
        var command = new java.util.ArrayList<String>();
        command.add(config.java().toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of(
                "-jar",
                config.jar().toString(),
                "--port",
                Integer.toString(config.port()),
                "--bind-address",
                "127.0.0.1",
                "--root-dir",
                config.rootDir().toString(),
                "--container-threads",
                "64",
                "--max-request-journal-entries",
                Integer.toString(JOURNAL_ENTRIES),
                "--disable-banner"));
        var process = Children.start(command, Map.of(), config.rootDir(), config.log());
        boolean up = LocalPorts.await(() -> !process.isAlive() || LocalPorts.isOpen(config.port()), START_TIMEOUT);
        if (!up || !process.isAlive()) {
            Stopping.stop(process.toHandle(), STOP_GRACE);
            throw new IOException(
                    "The payment-provider simulator did not start on port " + config.port() + "; see " + config.log());
        }
        return new Started("payment-provider", config.port(), "wiremock", process.toHandle(), STOP_GRACE);
    }
}
