package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunIdTest {

    @Test
    void givesEveryRunADistinctDatabaseSafeIdThatRemembersWhenItStarted() {
        Instant now = Instant.parse("2026-11-23T16:00:00Z");

        String one = RunId.next(now);
        String other = RunId.next(now);

        assertThat(one).matches("[a-z0-9]+").isNotEqualTo(other);
        assertThat(RunId.startedAt("bk_" + one + "_12")).contains(now);
    }

    @Test
    void ignoresDatabasesThatAreNotOurs() {
        assertThat(RunId.startedAt("orders")).isEmpty();
        assertThat(RunId.startedAt("bk_x")).isEmpty();
    }
}
