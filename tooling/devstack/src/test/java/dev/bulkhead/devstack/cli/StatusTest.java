package dev.bulkhead.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.state.StackProcess;
import dev.bulkhead.devstack.state.StackProcess.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTest {

    @Test
    void listsEveryRecordedInstanceAndEachApplicationAtLeastOnce() {
        var recorded = List.of(
                new StackProcess(Role.LAUNCHER, "launcher", 1, 0, 0),
                new StackProcess(Role.INFRA, "kafka", 2, 0, 9092),
                new StackProcess(Role.APP, "order", 3, 0, 8083),
                new StackProcess(Role.APP, "order-2", 4, 0, 9083),
                new StackProcess(Role.APP, "notification-2", 5, 0, 9086));

        assertThat(Status.instances(recorded))
                .extracting(i -> i.name() + ":" + i.port())
                .containsExactly(
                        "gateway:8080",
                        "auth:8081",
                        "user:8082",
                        "order:8083",
                        "order-2:9083",
                        "payment:8084",
                        "inventory:8085",
                        "notification-2:9086");
    }

    @Test
    void namesTheLogOfEachInstance() {
        assertThat(Cli.instanceLog("order")).hasValue("order");
        assertThat(Cli.instanceLog("order-service")).hasValue("order");
        assertThat(Cli.instanceLog("order-1")).hasValue("order");
        assertThat(Cli.instanceLog("order-2")).hasValue("order-2");
        assertThat(Cli.instanceLog("gateway-2")).isEmpty();
        assertThat(Cli.instanceLog("kafka")).isEmpty();
    }
}
