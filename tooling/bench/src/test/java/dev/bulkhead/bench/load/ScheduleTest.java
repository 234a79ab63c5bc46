package dev.bulkhead.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void requestsAreDueAtFixedIntervalsFromTheStartWhateverHappenedBefore() {
        var schedule = Schedule.atRate(1000, 5_000);

        assertThat(schedule.intervalNanos()).isEqualTo(1_000_000);
        assertThat(schedule.sendTimeOf(0)).isEqualTo(5_000);
        assertThat(schedule.sendTimeOf(250)).isEqualTo(5_000 + 250_000_000L);
    }

    @Test
    void countsTheRequestsDueWithinADuration() {
        var schedule = Schedule.atRate(400, 0);

        assertThat(schedule.countWithin(Duration.ofSeconds(5))).isEqualTo(2_000);
        assertThat(schedule.countWithin(Duration.ofMillis(1))).isEqualTo(1); // request 0 is due at once
        assertThat(schedule.countWithin(Duration.ZERO)).isZero();
    }

    @Test
    void findsTheFirstRequestDueAtOrAfterAnInstant() {
        var schedule = new Schedule(1_000, 100);

        assertThat(schedule.firstIndexAtOrAfter(500)).isZero();
        assertThat(schedule.firstIndexAtOrAfter(1_000)).isZero();
        assertThat(schedule.firstIndexAtOrAfter(1_001)).isEqualTo(1);
        assertThat(schedule.firstIndexAtOrAfter(1_300)).isEqualTo(3);
    }

    @Test
    void aRateThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> Schedule.atRate(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.atRate(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAbsurdRateStillHasAnInterval() {
        assertThat(Schedule.atRate(1e12, 0).intervalNanos()).isEqualTo(1);
        assertThat(Schedule.atRate(3, 0).perSecond()).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-6));
    }
}
