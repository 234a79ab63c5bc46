package dev.bulkhead.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

    @Test
    void aRoundIsCutIntoFourTurnsPerTargetButNoTurnIsShorterThanFiveSeconds() {
        assertThat(Throughput.slices(Duration.ofSeconds(20))).isEqualTo(4);
        assertThat(Throughput.slices(Duration.ofSeconds(60)))
                .as("longer turns, not more")
                .isEqualTo(4);
        assertThat(Throughput.slices(Duration.ofSeconds(10))).isEqualTo(2);
        assertThat(Throughput.slices(Duration.ofSeconds(5))).as("--quick").isEqualTo(1);
        assertThat(Throughput.slices(Duration.ofSeconds(3))).isEqualTo(1);
    }
}
