package dev.bulkhead.devstack.control;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** SIGSTOP and SIGCONT, which the JDK's {@link ProcessHandle} cannot send: through {@code kill(1)}. */
final class Signals {

    private Signals() {}

    static void stop(ProcessHandle process) {
        send("-STOP", process);
    }

    static void resume(ProcessHandle process) {
        send("-CONT", process);
    }

    private static void send(String signal, ProcessHandle process) {
        try {
            var kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill " + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes()).strip());
            }
        } catch (IOException e) {
            throw Refused.failed("signal " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refused.failed("signal " + signal, e);
        }
    }
}
