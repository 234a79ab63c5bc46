package dev.bulkhead.deploymentcheck.observability;

import dev.bulkhead.deploymentcheck.docker.Dockerfile;
import dev.bulkhead.deploymentcheck.docker.ImageLayout;
import dev.bulkhead.deploymentcheck.project.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * An application started the way its container starts it: from the image layout, through the
 * Dockerfile's ENTRYPOINT and its ENV, with the environment docker compose gives it (hosts rewritten to
 * this machine's test infrastructure). The only additions are the memory the container would have
 * ({@code -XX:MaxRAM}, the compose limit) and a faster JIT setting for a loaded CI machine.
 */
final class RunningApplication implements AutoCloseable {

    /** The compose memory limit; JAVA_OPTS sizes the heap from it as in the container. */
    static final String CONTAINER_MEMORY = "512m";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Application application;
    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningApplication(Application application, Process process, int port, Path log) {
        this.application = application;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static RunningApplication start(
            Dockerfile dockerfile,
            Application application,
            Path workDir,
            Map<String, String> composeEnvironment,
            int port)
            throws IOException {
        Path layout = ImageLayout.assemble(dockerfile, application, workDir);
        String runtime = dockerfile.finalStage();
        String workdir = dockerfile.instructions("WORKDIR").stream()
                .filter(i -> i.stage().equals(runtime))
                .map(Dockerfile.Instruction::arguments)
                .reduce((a, b) -> b)
                .orElseThrow();
        var entrypoint = dockerfile.instructions("ENTRYPOINT").stream()
                .filter(i -> i.stage().equals(runtime))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("The runtime stage has no ENTRYPOINT"));
        var command = new ArrayList<String>();
        for (var part : JSON.readTree(entrypoint.arguments())) {
            command.add(part.asString().replace(workdir + "/", layout + "/").replace(workdir + " ", layout + " "));
        }
        var environment = new LinkedHashMap<String, String>();
        String java = ImageLayout.javaExecutable();
        environment.put("PATH", Path.of(java).getParent() + ":/usr/bin:/bin");
        environment.put("HOME", workDir.toString());
        environment.put("LANG", "C.UTF-8");
        environment.putAll(dockerfile.environment(runtime));
        environment.putAll(composeEnvironment);
        environment.put(
                "JAVA_OPTS",
                environment.getOrDefault("JAVA_OPTS", "") + " -XX:MaxRAM=" + CONTAINER_MEMORY
                        + " -XX:TieredStopAtLevel=1");
        environment.put("SERVER_PORT", Integer.toString(port));
        Path log = workDir.resolve(application.module() + ".log");
        var builder = new ProcessBuilder(command)
                .directory(layout.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new RunningApplication(application, builder.start(), port, log);
    }

    int port() {
        return port;
    }

    Application application() {
        return application;
    }

    void awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        application + " exited with " + process.exitValue() + " while starting:\n" + tail());
            }
            try {
                if (get("/actuator/health/readiness").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(application + " not ready within " + START_TIMEOUT + ":\n" + tail());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Everything the application printed so far. */
    List<String> output() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail() {
        var lines = output();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** SIGTERM, as docker stop sends; then the kill after the grace period. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
