package dev.bulkhead.devstack.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.devstack.apps.Readiness.Health;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTest {

    private static final Instance ONE = Instance.first(new Service("one", "one-service", 18081, Optional.empty(), 64));
    private static final Instance TWO = Instance.first(new Service("two", "two-service", 18082, Optional.empty(), 64));
    private static final Instance THREE = new Instance(ONE.service(), 2, 19081);

    @TempDir
    Path logs;

    private final List<String> said = new CopyOnWriteArrayList<>();
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    private Startup startup(int parallelism, Duration readyTimeout) {
        return new Startup(parallelism, readyTimeout, said::add, p -> "logs/" + p.getFileName());
    }

    private Process run(String... command) throws IOException {
        var process = new ProcessBuilder(command).start();
        processes.add(process);
        return process;
    }

    private Path log(Instance instance) {
        return logs.resolve(instance.name() + ".log");
    }

    @Test
    void startsNoMoreThanTheParallelismBeforeTheStartedOnesAreReady() throws Exception {
        var probes = new ConcurrentHashMap<Instance, Integer>();
        var up = ConcurrentHashMap.<Instance>newKeySet();
        var started = new CopyOnWriteArrayList<Instance>();
        var notReadyAtEachLaunch = new CopyOnWriteArrayList<Integer>();

        startup(2, Duration.ofSeconds(10))
                .startAll(
                        List.of(ONE, TWO, THREE),
                        service -> {
                            notReadyAtEachLaunch.add(started.size() - up.size());
                            return run("sleep", "30");
                        },
                        this::log,
                        service -> { // ready at the second probe
                            if (probes.merge(service, 1, Integer::sum) < 2) {
                                return Health.DOWN;
                            }
                            up.add(service);
                            return Health.UP;
                        },
                        (service, process) -> started.add(service));

        assertThat(started).containsExactly(ONE, TWO, THREE);
        assertThat(notReadyAtEachLaunch).containsExactly(0, 1, 0);
        assertThat(said).hasSize(3).allMatch(line -> line.matches(" {2}[\\w-]+ +ready after \\d+\\.\\d s"));
    }

    @Test
    void saysHowManyInstancesOfHowManyApplicationsItStarts() {
        assertThat(Startup.startingLine(7, 7, true, 7)).isEqualTo("Starting 7 applications (7 with an AOT cache) ...");
        assertThat(Startup.startingLine(13, 7, false, 0)).isEqualTo("Starting 13 instances of 7 applications ...");
    }

    @Test
    void failsNamingTheApplicationThatExitedAndQuotingTheEndOfItsLog() throws Exception {
        Files.write(
                log(ONE),
                IntStream.rangeClosed(1, 30).mapToObj(i -> "line " + i).toList());

        assertThatThrownBy(() -> startup(7, Duration.ofSeconds(10))
                        .startAll(
                                List.of(ONE),
                                s -> run("sh", "-c", "exit 3"),
                                this::log,
                                s -> Health.NO_ANSWER,
                                (s, p) -> {}))
                .isInstanceOf(StartFailure.class)
                .hasMessageStartingWith("one (port 18081) exited with code 3 while starting — see logs/one.log")
                .hasMessageContaining("last lines of the log:\n    line 11\n")
                .hasMessageEndingWith("    line 30")
                .message()
                .doesNotContain("line 10\n");
    }

    @Test
    void failsWhenAnApplicationIsNotReadyInTime() {
        assertThatThrownBy(() -> startup(7, Duration.ofSeconds(1))
                        .startAll(List.of(TWO), s -> run("sleep", "30"), this::log, s -> Health.DOWN, (s, p) -> {}))
                .isInstanceOf(StartFailure.class)
                .hasMessage("two (port 18082) did not become ready within 1 s — see logs/two.log");
    }

    @Test
    void handsEveryProcessOverAsSoonAsItRunsSoAFailedStartStillStopsIt() {
        var handedOver = new ConcurrentHashMap<Instance, Process>();

        assertThatThrownBy(() -> startup(7, Duration.ofSeconds(1))
                        .startAll(
                                List.of(ONE, TWO),
                                s -> s == ONE ? run("sleep", "30") : run("sh", "-c", "exit 1"),
                                this::log,
                                s -> Health.DOWN,
                                handedOver::put))
                .isInstanceOf(StartFailure.class);
        assertThat(handedOver).containsOnlyKeys(ONE, TWO);
        assertThat(Map.copyOf(handedOver).get(ONE).isAlive()).isTrue();
    }
}
