package dev.bulkhead.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReadyReportTest {

    @Test
    void saysHowLongSinceTheCommandAndHowMuchOfItWasBuilding() {
        assertThat(ReadyReport.readyLine(7, 7, 41_250, OptionalLong.of(12_340)))
                .isEqualTo("All 7 applications ready in 41.3 s (since the command, of which 12.3 s building).");
        assertThat(ReadyReport.readyLine(7, 7, 19_600, OptionalLong.empty()))
                .isEqualTo("All 7 applications ready in 19.6 s (since the command).");
    }

    @Test
    void countsInstancesWhenServicesRunMoreThanOnce() {
        assertThat(ReadyReport.readyLine(13, 7, 61_000, OptionalLong.empty()))
                .isEqualTo("All 13 instances of 7 applications ready in 61.0 s (since the command).");
    }
}
