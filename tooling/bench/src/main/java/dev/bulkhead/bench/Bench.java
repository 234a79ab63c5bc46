package dev.bulkhead.bench;

import dev.bulkhead.bench.load.Wrk;
import dev.bulkhead.bench.stack.StackApi;
import dev.bulkhead.bench.system.Machine;
import dev.bulkhead.bench.system.Nginx;
import dev.bulkhead.bench.system.StackPids;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ./bulkhead bench [--quick] [--profile]}: measures the gateway against the running dev stack in
 * one run (throughput against direct and nginx, proxy CPU per request, fixed-rate latency, fail-fast with
 * a frozen service, the saga), prints the report with its verdict and writes it to
 * {@code tooling/bench/target/bench-<timestamp>.md}. Exit 0 when every target is met, 1 when one is
 * not, 2 when the benchmark could not run.
 */
public final class Bench {

    /** The dev stack's fixed ports (tooling/devstack, apps/Services). */
    static final int GATEWAY_PORT = 8080;

    static final int USER_PORT = 8082;
    static final int INVENTORY_PORT = 8085;

    static final List<String> TARGETS = List.of(Results.GATEWAY, Results.DIRECT, Results.NGINX);

    /** The rate-limit settings the stack must have been started with (tooling/bench/bench.env). */
    static final List<String> RATE_LIMIT_VARIABLES = List.of(
            "BULKHEAD_GATEWAY_RATELIMIT_USER_REPLENISH",
            "BULKHEAD_GATEWAY_RATELIMIT_USER_BURST",
            "BULKHEAD_GATEWAY_RATELIMIT_ANONYMOUS_REPLENISH",
            "BULKHEAD_GATEWAY_RATELIMIT_ANONYMOUS_BURST");

    static final String START_THE_STACK =
            "start the stack with raised rate limits: set -a; . tooling/bench/bench.env; set +a; ./bulkhead up";

    static final int NOT_MET = 1;
    static final int CANNOT_RUN = 2;

    /**
     * What every phase needs.
     *
     * @param options how long and how much
     * @param api the gateway's API
     * @param session the bench user's token
     * @param gateway the gateway's JVM
     * @param pids finds the other applications' pids
     * @param home the dev stack's state directory (.bulkhead)
     * @param out where reports and flame graphs go (tooling/bench/target)
     * @param stamp the run's timestamp, in file names
     */
    record Stack(
            Options options,
            StackApi api,
            Session session,
            ProcessHandle gateway,
            StackPids pids,
            Path home,
            Path out,
            String stamp) {}

    private Bench() {}

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(Options.parse(args), System.out);
        } catch (Options.UsageException e) {
            System.err.println("bulkhead bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            exit = CANNOT_RUN;
        } catch (CannotRun e) {
            System.err.println("bulkhead bench: " + e.getMessage());
            exit = CANNOT_RUN;
        } catch (IOException e) {
            System.err.println("bulkhead bench: " + e.getMessage());
            exit = CANNOT_RUN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = 130;
        }
        System.exit(exit);
    }

    /** The benchmark cannot start: the message says what to do. */
    static final class CannotRun extends Exception {
        private static final long serialVersionUID = 1L;

        CannotRun(String message) {
            super(message);
        }
    }

    static int run(Options options, PrintStream log) throws CannotRun, IOException, InterruptedException {
        Path root = Path.of(Optional.ofNullable(System.getenv("BULKHEAD_ROOT")).orElse("."))
                .toAbsolutePath()
                .normalize();
        Path home = Optional.ofNullable(System.getenv("BULKHEAD_HOME"))
                .map(Path::of)
                .orElse(root.resolve(".bulkhead"));
        Path out = root.resolve("tooling/bench/target");
        var missing = new ArrayList<String>();
        Wrk.missing().ifPresent(missing::add);
        Nginx.missing().ifPresent(missing::add);
        if (!missing.isEmpty()) {
            throw new CannotRun(String.join("; ", missing));
        }
        var api = new StackApi(GATEWAY_PORT);
        if (!api.gatewayReady()) {
            throw new CannotRun("the gateway does not answer on localhost:" + GATEWAY_PORT + " (readiness); "
                    + START_THE_STACK + " (wait for 'all services are ready'), then run ./bulkhead bench again");
        }
        var pids = new StackPids(home);
        var gateway = pids.find("gateway", GATEWAY_PORT)
                .orElseThrow(() -> new CannotRun("the gateway answers on " + GATEWAY_PORT
                        + " but its pid is neither in " + home.resolve("stack.state") + " nor shown by ss -ltnp"));
        requireRaisedRateLimits(gateway);

        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        var session = Session.open(api);
        var stack = new Stack(options, api, session, gateway, pids, home, out, stamp);
        var product = api.mostStocked();
        var routes = List.of(
                new Route(
                        "products",
                        "/api/v1/products/" + product.id(),
                        "inventory",
                        INVENTORY_PORT,
                        false,
                        "/api/v1/products/"),
                new Route("users", "/api/v1/users/me", "user", USER_PORT, true, "/api/v1/users/"));
        var machine = Machine.describe(gateway);
        log.println("bulkhead bench" + (options.quick() ? " --quick" : "") + (options.profile() ? " --profile" : "")
                + ": gateway pid " + gateway.pid() + ", bench user " + session.email());
        machine.lines().forEach(l -> log.println("  " + l));

        List<Results.Round> rounds;
        List<Results.FixedRate> fixedRates;
        log.println("\nthroughput (wrk, closed loop):");
        try (var nginx = Nginx.start(
                out.resolve("nginx"),
                routes.stream()
                        .map(r -> new Nginx.Route(r.name(), r.prefix(), r.servicePort()))
                        .toList())) {
            log.println("  nginx on port " + nginx.port() + " (pids " + nginx.pids() + ")");
            rounds = new Throughput(stack, nginx, log).run(routes);
            var throughput = new Results.All(rounds, List.of(), Optional.empty(), Optional.empty());
            log.println("\nfixed-rate latency (open loop):");
            fixedRates = new FixedRate(stack, machine.memoryMonitor(), log).run(routes, throughput, nginx.port());
        }
        var partial = new Results.All(rounds, fixedRates, Optional.empty(), Optional.empty());
        log.println("\nsaga:");
        var saga = new Saga(stack, log).run();
        log.println("\nfail-fast (user-service frozen):");
        double slower = Math.min(
                partial.gatewayMax("products").orElse(FailFast.MAX_RATE),
                partial.gatewayMax("users").orElse(FailFast.MAX_RATE));
        var failFast = new FailFast(stack, log).run(routes.get(1), routes.get(0), FailFast.rate(slower));

        var results = new Results.All(rounds, fixedRates, Optional.of(failFast), Optional.of(saga));
        var checks = Verdict.of(results, routes.stream().map(Route::name).toList(), Options.CONNECTIONS);
        var report = Reports.of(options, machine, results, checks, stamp);
        log.println();
        log.print(report.text());
        var file = out.resolve("bench-" + stamp + ".md");
        report.write(file);
        log.println("\nreport written to " + root.relativize(file));
        return Verdict.passed(checks) ? 0 : NOT_MET;
    }

    /**
     * With the default limits (10 requests a second per caller) the benchmark would measure 429s. The
     * gateway's environment shows what it was started with; a limit set some other way is the reader's
     * business, so an unreadable environment only warns.
     */
    private static void requireRaisedRateLimits(ProcessHandle gateway) throws CannotRun {
        String environ;
        try {
            environ =
                    Files.readString(Path.of("/proc", Long.toString(gateway.pid()), "environ"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println(
                    "bulkhead bench: cannot read the gateway's environment; make sure its rate limits are raised ("
                            + START_THE_STACK + ")");
            return;
        }
        var set = List.of(environ.split("\0")).stream()
                .map(v -> v.split("=", 2)[0])
                .toList();
        var absent = RATE_LIMIT_VARIABLES.stream().filter(v -> !set.contains(v)).toList();
        if (!absent.isEmpty()) {
            throw new CannotRun(String.format(
                    Locale.ROOT,
                    "the gateway runs with its default rate limits (%s not set), which would turn the benchmark into 429s; "
                            + "stop it (./bulkhead down) and %s",
                    String.join(", ", absent),
                    START_THE_STACK));
        }
    }
}
