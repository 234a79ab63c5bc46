package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.apps.Instance;
import dev.bulkhead.devstack.apps.Replicas;
import dev.bulkhead.devstack.apps.Service;
import dev.bulkhead.devstack.apps.Services;
import dev.bulkhead.devstack.build.Staleness;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the command line and the environment and runs one command; returns the process exit code. */
public final class Cli {

    static final int USAGE_ERROR = 2;

    private static final List<String> INFRA_LOGS = List.of("kafka", "postgres", "redis", "payment-provider");

    private Cli() {}

    public static int run(String[] argv, Map<String, String> env) {
        quietLibraries();
        PrintStream out = System.out;
        Args args;
        try {
            args = Args.parse(argv);
        } catch (Args.UsageException e) {
            System.err.println("bulkhead: " + e.getMessage());
            System.err.println(Args.USAGE);
            return USAGE_ERROR;
        }
        var settings = Settings.from(env);
        try {
            return switch (args.command()) {
                case UP -> new Up(settings, out).run(args.fresh(), args.replicas());
                case DOWN -> new Down(settings, out).run();
                case STATUS -> new Status(settings, out).run();
                case LOGS -> logFile(settings, args.target().orElseThrow(), out);
                case STALE -> stale(settings, out);
                case DEMO -> new Demo("http://localhost:8080", out).run();
                case HELP -> {
                    out.println(Args.USAGE);
                    yield 0;
                }
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /**
     * Prints the log's path for the script to follow; ./bulkhead does the {@code tail -F}. A service's
     * further instances have their own logs: {@code order-2}.
     */
    private static int logFile(Settings settings, String name, PrintStream out) {
        var service = instanceLog(name).orElse(INFRA_LOGS.contains(name) ? name : null);
        if (service == null) {
            System.err.println("bulkhead: no service '" + name + "'");
            System.err.println(Args.USAGE);
            return USAGE_ERROR;
        }
        out.println(settings.home().log(service));
        return 0;
    }

    /** {@code order} or {@code order-service} is the first instance's log, {@code order-1} too; {@code order-2} the second's. */
    static Optional<String> instanceLog(String name) {
        var numbered = NUMBERED.matcher(name);
        if (numbered.matches()) {
            int ordinal = Integer.parseInt(numbered.group(2));
            return Services.named(numbered.group(1))
                    .filter(s -> ordinal >= 1 && ordinal <= Replicas.MAX && (ordinal == 1 || !s.edge()))
                    .map(s -> new Instance(s, ordinal, s.port()).name());
        }
        return Services.named(name).map(Service::name);
    }

    private static final Pattern NUMBERED = Pattern.compile("([a-z-]+?)-(\\d+)");

    /** Prints {@code <module> <reason>} for each application whose jar must be (re)built. */
    private static int stale(Settings settings, PrintStream out) {
        var staleness = new Staleness(settings.root());
        for (var service : Services.ALL) {
            staleness
                    .whyStale(service.module(), service.jar(settings.root(), settings.version()))
                    .ifPresent(why -> out.println(service.module() + " " + why));
        }
        return 0;
    }

    /** zonky logs through SLF4J (slf4j-simple here): its warnings are worth seeing, its info is not. */
    private static void quietLibraries() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
}
