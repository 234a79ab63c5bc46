package dev.bulkhead.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThroughputTest {

    @Test
    void theGatewayHasSettledOnceARoundIsNoLongerMeaningfullyCheaperThanTheOneBefore() {
        assertThat(Throughput.settled(1.46, 1.03)).as("still compiling").isFalse();
        assertThat(Throughput.settled(0.75, 0.72)).as("within 5 %").isTrue();
        assertThat(Throughput.settled(0.72, 0.80))
                .as("dearer: noise, not compilation")
                .isTrue();
    }
}
