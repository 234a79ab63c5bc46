package dev.bulkhead.devstack;

import dev.bulkhead.devstack.cli.Cli;

/** Entry point of ./bulkhead: {@code java -jar tooling/devstack/target/devstack.jar <command>}. */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.getenv()));
    }
}
