package dev.bulkhead.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.util.ClassUtils;

/**
 * A service's packaged jar running as a JVM of its own: the second instance of a service whose first
 * instance is the test's Spring context, both against the same database and broker. Failsafe runs
 * after {@code package}, so {@code target/<artifact>.jar} is there.
 *
 * <pre>{@code
 * try (ServiceProcess second = ServiceProcess.jar(ServiceProcess.packagedJar("payment-service"))
 *         .property("spring.datasource.url", jdbcUrl)
 *         .properties(auth.properties())
 *         .start()) {
 *     second.printLogTailOnFailure(() -> { ... assertions ... });
 * }
 * }</pre>
 *
 * <p>Settings go to the child as environment variables (Spring's relaxed binding:
 * {@code spring.datasource.url} → {@code SPRING_DATASOURCE_URL}), as the dev stack and the deployments
 * pass them, so the child reads them the way a real instance does. Its output goes to
 * {@code target/<name>.log}; a start that fails, and a check wrapped in {@link #printLogTailOnFailure},
 * print the log's tail, because that is where the reason is.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Spring Boot with C1 only starts in 15-40 s on two cores; a CI machine running other builds beside it was seen to take 90 s. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(180);

    private static final Duration STOP_GRACE = Duration.ofSeconds(20); // the services' own shutdown grace, and a margin
    private static final int TAIL_LINES = 200; // enough for a thread dump's busy threads

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the process {@code describe} returns as soon as the test context's refresh begins, so that
     * the two start-ups overlap; declare it as a {@code static @Bean} of the test's configuration. The
     * process becomes the context's {@link Starting} bean (autowire it, {@link Starting#await()} it) and
     * stops when the context closes. {@code describe} gets the bean factory: its connection details and
     * its {@code Environment} (the test's dynamic properties included) are there already.
     */
    public static BeanFactoryPostProcessor startingWithTheContext(
            Function<ConfigurableListableBeanFactory, Builder> describe) {
        return factory -> {
            Starting starting = describe.apply(factory).startInBackground();
            factory.registerSingleton("serviceProcess", starting);
            if (factory instanceof DefaultListableBeanFactory registry) {
                registry.registerDisposableBean("serviceProcess", starting::close);
            }
        };
    }

    /** Starts describing a process running {@code jar}. */
    public static Builder jar(Path jar) {
        return new Builder(jar);
    }

    /**
     * The jar {@code package} built in this module, {@code target/<artifactId>-<version>.jar} or
     * {@code target/<artifactId>.jar} (whichever exists; never the {@code .original} one).
     */
    public static Path packagedJar(String artifactId) {
        Path target = Path.of("target");
        try (var files = Files.list(target)) {
            return files.filter(file -> {
                        String found = file.getFileName().toString();
                        return found.startsWith(artifactId)
                                && found.endsWith(".jar")
                                && !found.endsWith("-sources.jar")
                                && !found.endsWith("-tests.jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No " + artifactId + " jar in "
                            + target.toAbsolutePath() + ": run this test through `./mvnw verify` (failsafe runs"
                            + " after `package`), or `./mvnw -pl <module> -am package -DskipTests` first"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "No " + target.toAbsolutePath() + ": run `./mvnw -pl <module> -am package -DskipTests`", e);
        }
    }

    /** The port the child serves HTTP and its actuator on. */
    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where the child's output goes. */
    public Path log() {
        return log;
    }

    /** The last {@code lines} lines the child wrote. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Runs {@code check}; if it throws, prints the child's log tail to stderr first, then rethrows. */
    public void printLogTailOnFailure(Check check) throws Exception {
        try {
            check.run();
        } catch (Exception | AssertionError e) {
            printLogTail();
            throw e;
        }
    }

    /** A block of assertions that may throw. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    public void printLogTail() {
        System.err.printf(
                "--- last %d lines of %s (%s, %s) ---%n%s%n--- end of %s ---%n",
                TAIL_LINES,
                name,
                log,
                process.isAlive() ? "running" : "exited " + process.exitValue(),
                logTail(TAIL_LINES),
                name);
    }

    /** A thread dump into the child's log (SIGQUIT), so a start that hangs shows where. */
    private void dumpThreads() {
        try {
            new ProcessBuilder("kill", "-3", Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1000); // the JVM writes the dump asynchronously
        } catch (IOException e) {
            System.err.println("No thread dump of " + name + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, and waits for a graceful shutdown; SIGKILL if it does not end within its grace. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL ({@code kill -9}): a crash, no shutdown hooks, nothing handed over. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                printLogTail();
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " before it was ready; its log: " + log);
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(readiness)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        dumpThreads();
        printLogTail();
        kill();
        throw new IllegalStateException(
                name + " not ready within " + timeout + " (last: " + last + "); its log: " + log);
    }

    /** A process on its way up. Closing it stops the process once it is up. */
    public static final class Starting implements AutoCloseable {

        private final CompletableFuture<ServiceProcess> process;

        private Starting(CompletableFuture<ServiceProcess> process) {
            this.process = process;
        }

        /** The process, once ready; the start's failure (with the log's tail printed) otherwise. */
        public ServiceProcess await() {
            try {
                return process.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        @Override
        public void close() {
            process.thenAccept(ServiceProcess::stop)
                    .exceptionally(failed -> null)
                    .join();
        }
    }

    /** What to start: the jar, its settings, its JVM flags. */
    public static final class Builder {

        private final Path jar;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmFlags = new ArrayList<>(List.of(
                "-XX:+UseSerialGC", // no GC threads competing for the cores the test JVM also needs
                "-XX:TieredStopAtLevel=1", // starts sooner; a test's instance needs no peak performance
                "-Xss512k",
                "-Xmx384m"));
        private String name;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder(Path jar) {
            this.jar = jar.toAbsolutePath();
            String file = jar.getFileName().toString();
            this.name = file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
        }

        /** The name of the log file ({@code target/<name>.log}) and of the process in messages. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** A Spring property, passed as the environment variable relaxed binding maps to it. */
        public Builder property(String property, Object value) {
            environment.put(environmentName(property), String.valueOf(value));
            return this;
        }

        public Builder properties(Map<String, ?> properties) {
            properties.forEach(this::property);
            return this;
        }

        /** An environment variable as it is. */
        public Builder environment(String variable, String value) {
            environment.put(variable, value);
            return this;
        }

        public Builder jvmFlag(String flag) {
            jvmFlags.add(flag);
            return this;
        }

        /**
         * The database and broker of a test's Spring context (the connection details
         * {@code @RealInfrastructure} contributed), so the child is another instance of the same service
         * rather than a service of its own. Only what the context has: a service without Kafka gets no broker.
         */
        public Builder sameInfrastructureAs(ListableBeanFactory context) {
            ClassLoader loader = ServiceProcess.class.getClassLoader();
            if (ClassUtils.isPresent("org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails", loader)) {
                only(context, JdbcConnectionDetails.class).ifPresent(database -> {
                    property("spring.datasource.url", database.getJdbcUrl());
                    property("spring.datasource.username", database.getUsername());
                    property(
                            "spring.datasource.password", database.getPassword() == null ? "" : database.getPassword());
                });
            }
            if (ClassUtils.isPresent("org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails", loader)) {
                only(context, KafkaConnectionDetails.class)
                        .ifPresent(kafka -> property(
                                "spring.kafka.bootstrap-servers", String.join(",", kafka.getBootstrapServers())));
            }
            return this;
        }

        /**
         * The one bean of {@code type}, looked up without initialising anything eagerly: this may run
         * while the context is still being refreshed, before factory beans (Feign clients) may be made.
         */
        private static <T> java.util.Optional<T> only(ListableBeanFactory context, Class<T> type) {
            String[] names = context.getBeanNamesForType(type, true, false);
            return names.length == 1
                    ? java.util.Optional.of(context.getBean(names[0], type))
                    : java.util.Optional.empty();
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts the process now and waits for it on another thread, so that a test's own context can
         * start meanwhile: on two cores, two Spring Boot start-ups side by side end sooner than one after the other.
         */
        public Starting startInBackground() {
            var starting = new CompletableFuture<ServiceProcess>();
            Thread.ofPlatform().name("start-" + name).daemon().start(() -> {
                try {
                    starting.complete(start());
                } catch (RuntimeException | Error e) {
                    starting.completeExceptionally(e);
                }
            });
            return new Starting(starting);
        }

        /** Starts the process on a free port and returns once its readiness probe answers 200. */
        public ServiceProcess start() {
            int port = freePort();
            Path log = Path.of("target").toAbsolutePath().resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current()
                    .info()
                    .command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString()));
            command.addAll(jvmFlags);
            command.add("-jar");
            command.add(jar.toString());
            var builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(environment);
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            Process process;
            try {
                Files.createDirectories(log.getParent());
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + command, e);
            }
            var started = new ServiceProcess(name, process, log, port);
            // A test JVM that dies without closing it must not leave a service running.
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(started::kill));
            started.awaitReady(startTimeout);
            return started;
        }

        /** {@code spring.kafka.bootstrap-servers} → {@code SPRING_KAFKA_BOOTSTRAPSERVERS}, as Spring Boot documents it. */
        static String environmentName(String property) {
            return property.replace("-", "")
                    .replace('.', '_')
                    .replace("[", "_")
                    .replace("]", "")
                    .toUpperCase(Locale.ROOT);
        }

        private static int freePort() {
            try (var socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
