package dev.bulkhead.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.infra.Component;
import dev.bulkhead.devstack.state.StackProcess.Role;
import dev.bulkhead.devstack.state.StateFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningStackTest {

    @TempDir
    Path dir;

    private final List<String> stopped = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final AtomicInteger leftoverSweeps = new AtomicInteger();

    private RunningStack stack(StateFile state) {
        return new RunningStack(
                state,
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                Path::toString,
                leftoverSweeps::incrementAndGet);
    }

    /** A started component that only notes when it is stopped; its "process" is this JVM, for the state file. */
    private Component started(String name, int port) {
        return new Component() {
            public String name() {
                return name;
            }

            public int port() {
                return port;
            }

            public String origin() {
                return "started";
            }

            public Optional<ProcessHandle> process() {
                return Optional.of(ProcessHandle.current());
            }

            public void stop() {
                stopped.add(name);
            }
        };
    }

    private Component found(String name, int port) {
        return new Component() {
            public String name() {
                return name;
            }

            public int port() {
                return port;
            }

            public String origin() {
                return "local server";
            }

            public Optional<ProcessHandle> process() {
                return Optional.empty();
            }

            public void stop() {
                stopped.add(name);
            }
        };
    }

    @Test
    void recordsWhatItStartsInTheStateFileAsItGoes() {
        var state = new StateFile(dir.resolve("stack.state"));
        var stack = stack(state);

        stack.addLauncher(ProcessHandle.current());
        stack.addInfra(found("postgres", 5432));
        stack.addInfra(started("kafka", 9092));

        assertThat(state.read().orElseThrow())
                .extracting(p -> p.role() + " " + p.name() + " " + p.port())
                .containsExactly(Role.LAUNCHER + " launcher 0", Role.INFRA + " kafka 9092");
        assertThat(stack.startedProcesses()).isEqualTo(1);
    }

    @Test
    void stopsKafkaBeforeTheRestLeavesFoundServersAloneAndForgetsTheStack() {
        var state = new StateFile(dir.resolve("stack.state"));
        var stack = stack(state);
        stack.addLauncher(ProcessHandle.current());
        stack.addInfra(started("postgres", 5432));
        stack.addInfra(found("redis", 6379));
        stack.addInfra(started("payment-provider", 8090));
        stack.addInfra(started("kafka", 9092));

        stack.stop();
        stack.stop();

        assertThat(stopped).containsExactly("kafka", "postgres", "payment-provider");
        assertThat(leftoverSweeps).hasValue(1);
        assertThat(stack.isStopping()).isTrue();
        assertThat(Files.exists(state.path())).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8)).endsWith("Stopped.\n");
    }
}
