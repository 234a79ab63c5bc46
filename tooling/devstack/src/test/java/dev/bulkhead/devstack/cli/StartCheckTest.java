package dev.bulkhead.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.apps.PortPlan;
import dev.bulkhead.devstack.apps.Replicas;
import dev.bulkhead.devstack.state.StackProcess;
import dev.bulkhead.devstack.state.StackProcess.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartCheckTest {

    @TempDir
    Path home;

    private Settings settings() {
        return Settings.from(Map.of("BULKHEAD_ROOT", "/repo", "BULKHEAD_HOME", home.toString()));
    }

    @Test
    void startsWhenNothingRunsAndNoPortIsTaken() {
        assertThat(StartCheck.refusal(settings(), PortPlan.single(), port -> false))
                .isEmpty();
    }

    @Test
    void refusesWhileTheRecordedLauncherStillRuns() {
        var settings = settings();
        settings.home()
                .stateFile()
                .write(List.of(StackProcess.of(Role.LAUNCHER, "launcher", ProcessHandle.current(), 0)));

        assertThat(StartCheck.refusal(settings, PortPlan.single(), port -> false))
                .hasValueSatisfying(why -> assertThat(why)
                        .contains("already running")
                        .contains("pid " + ProcessHandle.current().pid()));
    }

    @Test
    void refusesWhileProcessesOfAKilledLauncherStillRun() {
        var settings = settings();
        settings.home()
                .stateFile()
                .write(List.of(
                        new StackProcess(Role.LAUNCHER, "launcher", Long.MAX_VALUE, 0, 0),
                        StackProcess.of(Role.INFRA, "kafka", ProcessHandle.current(), 9092)));

        assertThat(StartCheck.refusal(settings, PortPlan.single(), port -> false))
                .hasValueSatisfying(why -> assertThat(why)
                        .contains("kafka (pid " + ProcessHandle.current().pid() + ")")
                        .contains("./bulkhead down"));
    }

    @Test
    void forgetsTheStateOfAStackThatIsWhollyGone() {
        var settings = settings();
        settings.home().stateFile().write(List.of(new StackProcess(Role.LAUNCHER, "launcher", Long.MAX_VALUE, 0, 0)));

        assertThat(StartCheck.refusal(settings, PortPlan.single(), port -> false))
                .isEmpty();
        assertThat(Files.exists(settings.home().stateFile().path())).isFalse();
    }

    @Test
    void namesEveryTakenPortAndWhoseItIs() {
        assertThat(StartCheck.refusal(
                        settings(), PortPlan.single(), port -> port == 8083 || port == 9093 || port == 8090))
                .hasValue("Port(s) 8083 (order), 9093 (kafka), 8090 (payment-provider) already in use by another"
                        + " program. If it is a dev stack started elsewhere, run ./bulkhead down there; else stop"
                        + " that program.");
    }

    @Test
    void checksThePortsOfEveryPlannedInstance() {
        var plan = PortPlan.of(Replicas.ONE_EACH.with("order=2"), java.util.Set.of());

        assertThat(StartCheck.refusal(settings(), plan, port -> port == 9083))
                .hasValueSatisfying(why -> assertThat(why).startsWith("Port(s) 9083 (order-2) already in use"));
        assertThat(StartCheck.refusal(settings(), PortPlan.single(), port -> port == 9083))
                .isEmpty();
    }

    @Test
    void usesABrokerAlreadyOnTheKafkaPortOnlyWhenToldItIsExternal() {
        var external = Settings.from(
                Map.of("BULKHEAD_ROOT", "/repo", "BULKHEAD_HOME", home.toString(), "BULKHEAD_KAFKA", "external"));

        assertThat(StartCheck.refusal(external, PortPlan.single(), port -> port == 9092 || port == 9093))
                .isEmpty();
        assertThat(StartCheck.refusal(external, PortPlan.single(), port -> false))
                .hasValueSatisfying(why -> assertThat(why).startsWith("BULKHEAD_KAFKA=external, but no broker"));
        assertThat(StartCheck.refusal(settings(), PortPlan.single(), port -> port == 9092))
                .hasValueSatisfying(why -> assertThat(why).contains("9092 (kafka)"));
    }
}
