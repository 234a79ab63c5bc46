package dev.bulkhead.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    private static final long MS = 1_000_000;

    @Test
    void percentilesCountFromTheScheduledTimeNotFromWhenTheRequestLeft() {
        // sent 40 ms late (the generator or a connection was busy) and answered in 1 ms: 41 ms it is
        var late = new Sample(0, 40 * MS, 41 * MS, 200, false);

        var latencies = Latencies.of(List.of(late));

        assertThat(latencies.p50()).isCloseTo(41, offset(0.05));
        assertThat(late.serviceNanos()).isEqualTo(MS);
    }

    @Test
    void reportsMedianTailAndMaximumInMilliseconds() {
        var samples = new ArrayList<Sample>();
        for (int i = 1; i <= 1000; i++) {
            samples.add(new Sample(0, 0, i * MS / 10, 200, false)); // 0.1 ms … 100 ms
        }

        var latencies = Latencies.of(samples);

        assertThat(latencies.count()).isEqualTo(1000);
        assertThat(latencies.p50()).isCloseTo(50, offset(0.1));
        assertThat(latencies.p99()).isCloseTo(99, offset(0.1));
        assertThat(latencies.p999()).isCloseTo(99.9, offset(0.1));
        assertThat(latencies.max()).isCloseTo(100, offset(0.1));
        assertThat(latencies.notOk()).isZero();
    }

    @Test
    void countsWhatWasNotA2xx() {
        var latencies = Latencies.of(List.of(
                new Sample(0, 0, MS, 200, false),
                new Sample(0, 0, MS, 503, true),
                new Sample(0, 0, MS, Sample.FAILED, false)));

        assertThat(latencies.notOk()).isEqualTo(2);
    }

    @Test
    void nothingMeasuredIsNotANumberSoNoTargetCanPassOnIt() {
        var latencies = Latencies.of(List.of());

        assertThat(latencies.count()).isZero();
        assertThat(latencies.p99()).isNaN();
    }
}
