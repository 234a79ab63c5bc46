package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.apps.Apps;
import dev.bulkhead.devstack.apps.AppsConfig;
import dev.bulkhead.devstack.apps.Readiness;
import dev.bulkhead.devstack.apps.Service;
import dev.bulkhead.devstack.apps.Services;
import dev.bulkhead.devstack.infra.Component;
import dev.bulkhead.devstack.infra.Kafka;
import dev.bulkhead.devstack.infra.PaymentProvider;
import dev.bulkhead.devstack.infra.Ports;
import dev.bulkhead.devstack.infra.Postgres;
import dev.bulkhead.devstack.infra.Redis;
import dev.bulkhead.devstack.procs.Memory;
import dev.bulkhead.devstack.procs.Stopping;
import dev.bulkhead.devstack.state.AdminAccount;
import dev.bulkhead.devstack.state.StackProcess;
import dev.bulkhead.devstack.state.StackProcess.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code ./bulkhead up}: infrastructure, then the applications, wait until all are ready, run until stopped. */
final class Up {

    private static final Duration APP_STOP_GRACE = Duration.ofSeconds(30); // apps drain for up to 20 s
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
    private static final int LOG_LINES_ON_FAILURE = 20;

    /** Small pools: seven services share one Postgres on a laptop. */
    private static final Map<String, String> DEV_ENVIRONMENT = Map.of(
            "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "5",
            "SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "1",
            "SERVER_TOMCAT_THREADS_MIN_SPARE", "2");

    private final Settings settings;
    private final PrintStream out;
    private final List<StackProcess> recorded = new CopyOnWriteArrayList<>();
    private final List<Component> infra = new CopyOnWriteArrayList<>();
    private final Map<Service, Process> apps = new LinkedHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    Up(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    int run(boolean fresh) throws InterruptedException {
        var refusal = refusal();
        if (refusal != null) {
            out.println(refusal);
            return 1;
        }
        record(StackProcess.of(Role.LAUNCHER, "launcher", ProcessHandle.current(), 0));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopEverything, "bulkhead-stop"));
        try {
            startInfrastructure(fresh);
            var app = new Apps(appsConfig());
            var untrained = app.withoutAotCache();
            startApplicationsAndWait(app);
            if (!untrained.isEmpty()) {
                trainInBackground(app, untrained);
            }
        } catch (StartFailure | IOException | java.sql.SQLException e) {
            out.println("bulkhead: " + e.getMessage());
            return 1;
        }
        new CountDownLatch(1).await(); // until Ctrl-C or SIGTERM: the shutdown hook does the rest
        return 0;
    }

    /** Why not to start (a stack already runs, or its ports are taken), or null. */
    private String refusal() {
        var state = settings.home().stateFile();
        var previous = state.read();
        if (previous.isPresent()) {
            var launcher = previous.get().stream()
                    .filter(p -> p.role() == Role.LAUNCHER)
                    .findFirst()
                    .flatMap(StackProcess::live);
            if (launcher.isPresent()) {
                return "Bulkhead is already running (launcher pid "
                        + launcher.get().pid()
                        + "). See it with ./bulkhead status; stop it with ./bulkhead down (or Ctrl-C in its terminal).";
            }
            var leftovers = previous.get().stream()
                    .filter(p -> p.live().isPresent())
                    .map(p -> p.name() + " (pid " + p.pid() + ")")
                    .toList();
            if (!leftovers.isEmpty()) {
                return "Processes from an earlier run still run: " + String.join(", ", leftovers)
                        + ". Stop them with ./bulkhead down.";
            }
            state.delete();
        }
        var busy = new ArrayList<String>();
        Services.ALL.stream()
                .filter(s -> Ports.isOpen(s.port()))
                .forEach(s -> busy.add(s.port() + " (" + s.name() + ")"));
        for (int port : List.of(settings.kafkaPort(), settings.kafkaControllerPort())) {
            if (Ports.isOpen(port)) {
                busy.add(port + " (kafka)");
            }
        }
        if (Ports.isOpen(settings.providerPort())) {
            busy.add(settings.providerPort() + " (payment-provider)");
        }
        if (!busy.isEmpty()) {
            return "Port(s) " + String.join(", ", busy) + " already in use by another program."
                    + " If it is a dev stack started elsewhere, run ./bulkhead down there; else stop that program.";
        }
        return null;
    }

    private void startInfrastructure(boolean fresh) throws IOException, java.sql.SQLException, InterruptedException {
        var home = settings.home();
        Files.createDirectories(home.logs());
        var kafka = CompletableFuture.supplyAsync(() -> {
            try {
                return Kafka.start(new Kafka.KafkaConfig(
                        home.kafka(),
                        settings.kafkaLib(),
                        settings.java(),
                        home.log("kafka"),
                        settings.kafkaPort(),
                        settings.kafkaControllerPort(),
                        fresh));
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        });
        var postgres = Postgres.provide(
                new Postgres.PostgresConfig(
                        settings.postgresMode(),
                        settings.postgresPort(),
                        settings.postgresUser(),
                        settings.postgresPassword(),
                        home.postgres(),
                        home.log("postgres"),
                        fresh,
                        Services.databases().stream()
                                .map(db -> settings.databasePrefix() + db)
                                .toList()),
                out::println);
        addInfra(postgres);
        var redis = Redis.provide(settings.redisPort(), home.log("redis"));
        addInfra(redis);
        if (redis.process().isEmpty() && redis.origin().startsWith("not available")) {
            out.println("Redis: none on port " + settings.redisPort()
                    + " and no redis-server on PATH; running without it (the token cache keeps working in-process).");
        }
        addInfra(PaymentProvider.start(new PaymentProvider.ProviderConfig(
                settings.java(),
                settings.providerJar(),
                settings.providerRoot(),
                settings.providerPort(),
                home.log("payment-provider"))));
        try {
            addInfra(kafka.join());
        } catch (CompletionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
        out.println("Infrastructure: "
                + infra.stream()
                        .map(c -> c.name() + " :" + c.port() + " (" + c.origin() + ")")
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("none"));
    }

    private void addInfra(Component component) {
        infra.add(component);
        component.process().ifPresent(p -> record(StackProcess.of(Role.INFRA, component.name(), p, component.port())));
    }

    private AdminAccount admin() {
        try {
            return AdminAccount.of(settings.home(), System.getenv());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot keep the admin password in " + settings.home().dir(), e);
        }
    }

    private AppsConfig appsConfig() {
        var env = new LinkedHashMap<String, String>(DEV_ENVIRONMENT);
        env.put("SPRING_DATASOURCE_USERNAME", settings.postgresUser());
        env.put("SPRING_DATASOURCE_PASSWORD", settings.postgresPassword());
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:" + settings.kafkaPort());
        env.put("SPRING_DATA_REDIS_HOST", "localhost");
        env.put("SPRING_DATA_REDIS_PORT", Integer.toString(settings.redisPort()));
        env.put("BULKHEAD_CLIENTS_PAYMENTPROVIDER_URL", "http://localhost:" + settings.providerPort());
        // A demo needs something to order: inventory-service loads its demo catalogue into an empty table.
        env.put("BULKHEAD_INVENTORY_CATALOGUE_SEEDWHENEMPTY", "true");
        // auth-service keeps the dev stack's generated signing key under $BULKHEAD_HOME/keys.
        env.put("BULKHEAD_HOME", settings.home().dir().toString());
        env.putAll(admin().environment());
        return new AppsConfig(
                settings.root(),
                settings.home().dir(),
                settings.java(),
                settings.version(),
                settings.aot(),
                "jdbc:postgresql://localhost:" + settings.postgresPort() + "/" + settings.databasePrefix(),
                Map.copyOf(env));
    }

    /** Starts up to {@code parallelism} applications at a time and waits for each one's readiness probe. */
    private void startApplicationsAndWait(Apps launcher) throws IOException, InterruptedException, StartFailure {
        var waiting = new ArrayList<>(Services.ALL);
        var starting = new LinkedHashMap<Service, Long>();
        long cached = Services.ALL.stream().filter(launcher::usesAotCache).count();
        out.println("Starting " + waiting.size() + " applications"
                + (settings.aot() ? " (" + cached + " with an AOT cache)" : "") + " ...");
        while (!waiting.isEmpty() || !starting.isEmpty()) {
            while (!waiting.isEmpty() && starting.size() < settings.parallelism()) {
                var service = waiting.remove(0);
                var process = launcher.start(service);
                synchronized (apps) {
                    apps.put(service, process);
                }
                record(StackProcess.of(Role.APP, service.name(), process.toHandle(), service.port()));
                watch(service, process, launcher);
                starting.put(service, System.nanoTime());
            }
            for (var it = starting.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                var service = entry.getKey();
                var process = apps.get(service);
                if (!process.isAlive()) {
                    throw failure(service, launcher, "exited with code " + process.exitValue() + " while starting");
                }
                if (Readiness.probe(service) == Readiness.Health.UP) {
                    it.remove();
                    out.printf(
                            Locale.ROOT,
                            "  %-13s ready after %.1f s%n",
                            service.name(),
                            (System.nanoTime() - entry.getValue()) / 1e9);
                } else if (System.nanoTime() - entry.getValue()
                        > settings.readyTimeout().toNanos()) {
                    throw failure(
                            service,
                            launcher,
                            "did not become ready within "
                                    + settings.readyTimeout().toSeconds() + " s");
                }
            }
            Thread.sleep(PROBE_INTERVAL.toMillis());
        }
        printReady(launcher);
    }

    /**
     * The first start after a build runs without AOT caches; they are built now, while the stack
     * idles, so that the next start is fast. Stopping the stack interrupts this harmlessly.
     */
    private void trainInBackground(Apps launcher, List<Service> untrained) {
        out.println("Building AOT caches for "
                + untrained.stream().map(Service::name).toList()
                + " in the background (once per jar version) so the next start is faster ...");
        var training = new Thread(
                () -> {
                    try {
                        int built = launcher.buildAotCaches(untrained, out::println);
                        if (!stopping.get()) {
                            out.println("AOT caches built for " + built + " of " + untrained.size()
                                    + " application(s); the next ./bulkhead up uses them.");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "aot-training");
        training.setDaemon(true);
        training.start();
    }

    private StartFailure failure(Service service, Apps launcher, String what) {
        var log = launcher.log(service);
        var message = new StringBuilder()
                .append(service.name())
                .append(" (port ")
                .append(service.port())
                .append(") ")
                .append(what)
                .append(" — see ")
                .append(settings.show(log));
        try {
            var lines = Files.readAllLines(log);
            if (!lines.isEmpty()) {
                message.append("\n  last lines of the log:\n");
            }
            lines.subList(Math.max(0, lines.size() - LOG_LINES_ON_FAILURE), lines.size())
                    .forEach(l -> message.append("    ").append(l).append('\n'));
        } catch (IOException | java.io.UncheckedIOException e) {
            // the log is named above; nothing more to show
        }
        return new StartFailure(message.toString().stripTrailing());
    }

    /** After start-up, a crashing application is reported at once instead of at the next status. */
    private void watch(Service service, Process process, Apps launcher) {
        process.onExit().thenAccept(p -> {
            if (!stopping.get()) {
                out.println("bulkhead: " + service.name() + " exited with code " + p.exitValue() + " — see "
                        + settings.show(launcher.log(service)));
            }
        });
    }

    private void printReady(Apps launcher) {
        var rows = new ArrayList<Table.Row>();
        long total = 0;
        for (var entry : apps.entrySet()) {
            var service = entry.getKey();
            long rss = Memory.rssWithDescendants(entry.getValue().toHandle());
            total += rss;
            rows.add(new Table.Row(
                    service.name(),
                    Integer.toString(service.port()),
                    "UP" + (launcher.usesAotCache(service) ? " (aot)" : ""),
                    Memory.human(rss),
                    settings.show(launcher.log(service))));
        }
        for (var component : infra) {
            long rss = component.process().map(Memory::rssWithDescendants).orElse(0L);
            total += rss;
            rows.add(new Table.Row(
                    component.name(),
                    Integer.toString(component.port()),
                    component.origin(),
                    component.process().isPresent() ? Memory.human(rss) : "-",
                    component.process().isPresent()
                            ? settings.show(settings.home().log(component.name()))
                            : "-"));
        }
        out.println();
        out.print(Table.render(rows));
        out.println();
        long now = System.currentTimeMillis();
        long since = settings.startedAtMillis()
                .orElse(ProcessHandle.current()
                        .info()
                        .startInstant()
                        .map(java.time.Instant::toEpochMilli)
                        .orElse(now));
        var build = settings.buildMillis().isPresent()
                ? String.format(
                        Locale.ROOT,
                        ", of which %.1f s building",
                        settings.buildMillis().getAsLong() / 1000.0)
                : "";
        out.printf(
                Locale.ROOT,
                "All %d applications ready in %.1f s (since the command%s).%n",
                apps.size(),
                (now - since) / 1000.0,
                build);
        out.printf(
                "Resident memory of the %d processes bulkhead started: %s (and the launcher itself: %s).%n",
                recorded.size() - 1, Memory.human(total), Memory.human(Memory.rss(ProcessHandle.current())));
        out.println("Try:  curl -s localhost:8080/actuator/health");
        var admin = admin();
        out.println(
                "Admin: " + admin.email() + " / " + admin.password() + "  (BULKHEAD_ADMIN_PASSWORD overrides; kept in "
                        + settings.home().dir().resolve("admin-password") + ")");
        out.println("Stop: Ctrl-C here, or ./bulkhead down from another terminal. Logs: ./bulkhead logs <service>.");
    }

    private void record(StackProcess process) {
        recorded.add(process);
        settings.home().stateFile().write(List.copyOf(recorded));
    }

    /** The shutdown hook: applications first, then Kafka, then the rest; nothing the launcher started survives. */
    private void stopEverything() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> appHandles;
        synchronized (apps) {
            appHandles = apps.values().stream().map(Process::toHandle).toList();
        }
        if (!appHandles.isEmpty()) {
            out.println("Stopping the applications ...");
            Stopping.stopAll(appHandles, APP_STOP_GRACE);
        }
        infra.stream().filter(c -> c.name().equals("kafka")).forEach(this::stop);
        infra.stream().filter(c -> !c.name().equals("kafka")).forEach(this::stop);
        // whatever is left (a training run, a storage format): our own children, nothing else
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        settings.home().stateFile().delete();
        out.println("Stopped.");
    }

    private void stop(Component component) {
        if (component.process().isPresent()) {
            out.println("Stopping " + component.name() + " ...");
            component.stop();
        }
    }

    /** Start-up failed; the message names the service and its log. */
    static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StartFailure(String message) {
            super(message);
        }
    }
}
