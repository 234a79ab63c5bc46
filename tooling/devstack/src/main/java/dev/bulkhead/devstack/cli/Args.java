package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.apps.Replicas;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parsed command line: {@code up [--fresh] [--replicas N|service=N,...]... | down | status |
 * logs <instance> | stale | demo}.
 */
record Args(Command command, boolean fresh, Replicas replicas, Optional<String> target) {

    static final String USAGE = """
            usage: ./bulkhead <command>
              up [--fresh] [--replicas N | --replicas service=N[,service=N]]...
                               start Kafka, Postgres, Redis and the seven applications; Ctrl-C stops them all
                               --fresh: empty databases and topics first
                               --replicas 2: two instances of every domain service (the gateway runs once);
                               order=3: three of order-service; repeatable. Instance n listens on the
                               service's port + (n-1)*1000 (order: 8083, 9083, 10083)
              down             stop a stack started from another terminal
              status           what runs, its health and memory
              logs <service>   follow a log (gateway, auth, user, order, payment, inventory,
                               notification, kafka, postgres, redis, payment-provider; order-2 for
                               the second instance of order)
              demo             the README's order walk-through against the running stack, narrated""";

    enum Command {
        UP,
        DOWN,
        STATUS,
        LOGS,
        STALE,
        DEMO,
        HELP
    }

    /** Thrown for a command line that means nothing; the message says what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static Args parse(String... argv) throws UsageException {
        if (argv.length == 0) {
            throw new UsageException("no command given");
        }
        var rest = Arrays.asList(argv).subList(1, argv.length);
        return switch (argv[0].toLowerCase(Locale.ROOT)) {
            case "up" -> up(rest);
            case "down" -> noArguments(Command.DOWN, rest);
            case "status" -> noArguments(Command.STATUS, rest);
            case "stale" -> noArguments(Command.STALE, rest);
            case "demo" -> noArguments(Command.DEMO, rest);
            case "logs" -> logs(rest);
            case "help", "-h", "--help" -> new Args(Command.HELP, false, Replicas.ONE_EACH, Optional.empty());
            default -> throw new UsageException("unknown command '" + argv[0] + "'");
        };
    }

    private static Args up(List<String> rest) throws UsageException {
        boolean fresh = false;
        var replicas = Replicas.ONE_EACH;
        for (int i = 0; i < rest.size(); i++) {
            var arg = rest.get(i);
            String value;
            if (arg.equals("--fresh")) {
                fresh = true;
                continue;
            } else if (arg.startsWith("--replicas=")) {
                value = arg.substring("--replicas=".length());
            } else if (arg.equals("--replicas")) {
                if (i + 1 == rest.size()) {
                    throw new UsageException("--replicas needs a count (2) or service=count (order=3)");
                }
                value = rest.get(++i);
            } else {
                throw new UsageException("up takes only --fresh and --replicas, not '" + arg + "'");
            }
            try {
                replicas = replicas.with(value);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return new Args(Command.UP, fresh, replicas, Optional.empty());
    }

    private static Args logs(List<String> rest) throws UsageException {
        if (rest.size() != 1) {
            throw new UsageException("logs needs one service name");
        }
        return new Args(Command.LOGS, false, Replicas.ONE_EACH, Optional.of(rest.get(0)));
    }

    private static Args noArguments(Command command, List<String> rest) throws UsageException {
        if (!rest.isEmpty()) {
            throw new UsageException(command.name().toLowerCase(Locale.ROOT) + " takes no arguments");
        }
        return new Args(command, false, Replicas.ONE_EACH, Optional.empty());
    }
}
