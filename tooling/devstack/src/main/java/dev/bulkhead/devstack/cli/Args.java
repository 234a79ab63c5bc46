package dev.bulkhead.devstack.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The parsed command line: {@code up [--fresh] | down | status | logs <service> | stale | demo}. */
record Args(Command command, boolean fresh, Optional<String> target) {

    static final String USAGE = """
            usage: ./bulkhead <command>
              up [--fresh]     start Kafka, Postgres, Redis and the seven applications; Ctrl-C stops them all
                               --fresh: empty databases and topics first
              down             stop a stack started from another terminal
              status           what runs, its health and memory
              logs <service>   follow a log (gateway, auth, user, order, payment, inventory,
                               notification, kafka, postgres, redis, payment-provider)
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
            case "help", "-h", "--help" -> new Args(Command.HELP, false, Optional.empty());
            default -> throw new UsageException("unknown command '" + argv[0] + "'");
        };
    }

    private static Args up(List<String> rest) throws UsageException {
        boolean fresh = false;
        for (var arg : rest) {
            if (!arg.equals("--fresh")) {
                throw new UsageException("up takes only --fresh, not '" + arg + "'");
            }
            fresh = true;
        }
        return new Args(Command.UP, fresh, Optional.empty());
    }

    private static Args logs(List<String> rest) throws UsageException {
        if (rest.size() != 1) {
            throw new UsageException("logs needs one service name");
        }
        return new Args(Command.LOGS, false, Optional.of(rest.get(0)));
    }

    private static Args noArguments(Command command, List<String> rest) throws UsageException {
        if (!rest.isEmpty()) {
            throw new UsageException(command.name().toLowerCase(Locale.ROOT) + " takes no arguments");
        }
        return new Args(command, false, Optional.empty());
    }
}
