package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.apps.AotTraining;
import dev.bulkhead.devstack.apps.Apps;
import dev.bulkhead.devstack.apps.PortPlan;
import dev.bulkhead.devstack.apps.Replicas;
import dev.bulkhead.devstack.apps.Services;
import dev.bulkhead.devstack.apps.StartFailure;
import dev.bulkhead.devstack.apps.Startup;
import dev.bulkhead.devstack.control.BreakIt;
import dev.bulkhead.devstack.control.ControlServer;
import dev.bulkhead.devstack.infra.Infrastructure;
import dev.bulkhead.devstack.infra.Kafka;
import dev.bulkhead.devstack.infra.PaymentProvider;
import dev.bulkhead.devstack.infra.Postgres;
import dev.bulkhead.devstack.state.AdminAccount;
import dev.bulkhead.localservers.LocalPorts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** {@code ./bulkhead up}: infrastructure, then the applications, wait until all are ready, run until stopped. */
final class Up {

    private final Settings settings;
    private final PrintStream out;

    Up(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    int run(boolean fresh, Replicas replicas) throws InterruptedException {
        PortPlan plan;
        try {
            plan = PortPlan.of(replicas, settings.infrastructurePorts(), settings.portOffset());
        } catch (IllegalArgumentException e) {
            out.println("bulkhead: " + e.getMessage());
            return 1;
        }
        var refusal = StartCheck.refusal(settings, plan, LocalPorts::isOpen);
        if (refusal.isPresent()) {
            out.println(refusal.get());
            return 1;
        }
        var stack = new RunningStack(settings.home().stateFile(), out, settings::show);
        stack.addLauncher(ProcessHandle.current());
        var breakIt = new AtomicReference<BreakIt>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            // thawed first: a frozen process would only die at the end of the stop grace
                            if (breakIt.get() != null) breakIt.get().undoAll();
                            stack.stop();
                        },
                        "bulkhead-stop"));
        try (var control = ControlServer.bind(settings.controlPort())) {
            Files.createDirectories(settings.home().logs());
            Infrastructure.provide(infrastructure(fresh, plan), out::println, stack::addInfra);
            out.println(Infrastructure.summary(stack.infra()));

            var admin = admin();
            var apps = new Apps(AppEnvironment.of(settings, admin, control.gatewayEnvironment()), plan);
            breakIt.set(new BreakIt(
                    stack::apps,
                    instance -> stack.addApp(instance, apps.start(instance), apps.log(instance)),
                    stack.infra().stream().filter(c -> c.name().equals("redis")).findFirst(),
                    URI.create("http://localhost:" + settings.providerPort())));
            control.serve(breakIt.get());
            var untrained = apps.withoutAotCache();
            new Startup(settings.parallelism(), settings.readyTimeout(), out::println, settings::show)
                    .startAll(
                            apps,
                            plan,
                            settings.aot(),
                            (instance, process) -> stack.addApp(instance, process, apps.log(instance)));
            ReadyReport.print(out, settings, stack, apps, admin);

            if (!untrained.isEmpty()) {
                AotTraining.inBackground(apps, untrained, out::println, stack::isStopping);
            }
            new CountDownLatch(1).await(); // until Ctrl-C or SIGTERM: the shutdown hook stops the stack
        } catch (StartFailure | IOException | SQLException e) {
            out.println("bulkhead: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private Infrastructure.Plan infrastructure(boolean fresh, PortPlan plan) {
        var home = settings.home();
        return new Infrastructure.Plan(
                new Kafka.KafkaConfig(
                        home.kafka(),
                        settings.kafkaLib(),
                        settings.java(),
                        home.log("kafka"),
                        settings.kafkaPort(),
                        settings.kafkaControllerPort(),
                        fresh),
                settings.externalKafka(),
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
                                .toList(),
                        // instances of one service would race to create its database (Postgres#provide)
                        plan.services().stream()
                                .filter(s -> plan.of(s).size() > 1)
                                .flatMap(s -> s.database().stream())
                                .map(db -> settings.databasePrefix() + db)
                                .toList()),
                settings.redisPort(),
                home.log("redis"),
                new PaymentProvider.ProviderConfig(
                        settings.java(),
                        settings.providerJar(),
                        settings.providerRoot(),
                        settings.providerPort(),
                        home.log("payment-provider")));
    }

    private AdminAccount admin() throws IOException {
        try {
            return AdminAccount.of(settings.home(), System.getenv());
        } catch (IOException e) {
            throw new IOException(
                    "cannot keep the admin password in " + settings.home().dir(), e);
        }
    }
}
