package dev.bulkhead.resilience.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.time.MovableClock;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

class EjectionsTest {

    private static final ServiceInstance A = new DefaultServiceInstance("order@a", "order", "a", 8083, false);
    private static final ServiceInstance B = new DefaultServiceInstance("order@b", "order", "b", 9083, false);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Ejections ejections = new Ejections(Duration.ofSeconds(5), clock);

    @Test
    void leavesOutAnInstanceWhoseConnectionWasRefusedForTheEjectionTime() {
        ejections.failed(B, new ConnectException("Connection refused"));

        assertThat(ejections.available(List.of(A, B))).containsExactly(A);
        clock.advance(Duration.ofMillis(4999));
        assertThat(ejections.available(List.of(A, B))).containsExactly(A);
        clock.advance(Duration.ofMillis(1));
        assertThat(ejections.available(List.of(A, B))).containsExactly(A, B);
    }

    @Test
    void ejectsOnAConnectionDroppedMidCallFoundAnywhereInTheCauseChain() {
        ejections.failed(B, new IllegalStateException("wrapped", new IOException("Connection reset by peer")));

        assertThat(ejections.available(List.of(A, B))).containsExactly(A);
    }

    @Test
    void doesNotEjectASlowInstance() {
        ejections.failed(B, new SocketTimeoutException("Read timed out"));
        ejections.failed(B, new RuntimeException("an answer that did not parse"));

        assertThat(ejections.available(List.of(A, B))).containsExactly(A, B);
    }

    @Test
    void takesAnInstanceBackAsSoonAsItAnswers() {
        ejections.failed(B, new ConnectException("Connection refused"));
        ejections.answered(B);

        assertThat(ejections.available(List.of(A, B))).containsExactly(A, B);
    }

    @Test
    void offersEveryInstanceWhenAllAreEjectedSoASingleUrlBehavesAsWithoutLoadBalancing() {
        ejections.failed(A, new ConnectException("Connection refused"));
        ejections.failed(B, new ConnectException("Connection refused"));

        assertThat(ejections.available(List.of(A, B))).containsExactly(A, B);
        assertThat(ejections.available(List.of(A))).containsExactly(A);
    }
}
