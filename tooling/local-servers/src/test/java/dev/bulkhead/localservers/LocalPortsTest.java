package dev.bulkhead.localservers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void aFreePortCanBeBoundAndIsOpenOnlyWhileSomethingListens() throws Exception {
        int port = LocalPorts.free();

        assertThat(LocalPorts.isOpen(port)).isFalse();
        try (var listening = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(LocalPorts.isOpen(port)).isTrue();
        }
        assertThat(LocalPorts.isOpen(port)).isFalse();
    }

    @Test
    void awaitsAConditionUntilItHoldsOrTheTimeoutPasses() throws Exception {
        var polls = new AtomicInteger();

        assertThat(LocalPorts.await(() -> polls.incrementAndGet() >= 3, Duration.ofSeconds(5)))
                .isTrue();
        assertThat(polls).hasValue(3);
        assertThat(LocalPorts.await(() -> false, Duration.ofMillis(250))).isFalse();
    }
}
