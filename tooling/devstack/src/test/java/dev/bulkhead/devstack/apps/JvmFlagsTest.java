package dev.bulkhead.devstack.apps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmFlagsTest {

    @Test
    void theGatewayRunsWithTheOptimisingCompilerAndAFixedHeap() {
        var gateway = Services.named("gateway").orElseThrow();

        assertThat(JvmFlags.forService(gateway))
                .noneMatch(flag -> flag.startsWith("-XX:TieredStopAtLevel"))
                .noneMatch(flag -> flag.startsWith("-XX:CICompilerCount"))
                .contains("-Xms" + gateway.heapMegabytes() + "m", "-Xmx" + gateway.heapMegabytes() + "m");
    }

    @Test
    void domainServicesStartWithC1OnlyAndGiveHeapBack() {
        for (var service : Services.ALL) {
            if (service.edge()) {
                continue;
            }
            assertThat(JvmFlags.forService(service))
                    .as(service.name())
                    .contains("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xms32m")
                    .contains("-Xmx" + service.heapMegabytes() + "m");
        }
    }

    @Test
    void onlyTheGatewayIsTheEdge() {
        assertThat(Services.ALL.stream().filter(Service::edge).map(Service::name))
                .containsExactly("gateway");
    }
}
