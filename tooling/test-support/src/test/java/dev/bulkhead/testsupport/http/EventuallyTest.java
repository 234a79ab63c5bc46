package dev.bulkhead.testsupport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

    @Test
    void returnsWhatWasReadOnceItHolds() {
        AtomicInteger reads = new AtomicInteger();

        int value = Eventually.within(Duration.ofSeconds(5)).get("three reads", reads::incrementAndGet, n -> n >= 3);

        assertThat(value).isEqualTo(3);
    }

    @Test
    void failsNamingWhatItWaitedForAndWhatItSawLast() {
        assertThatThrownBy(() -> Eventually.within(Duration.ofMillis(250)).get("the answer", () -> 41, n -> n == 42))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the answer")
                .hasMessageContaining("last seen: 41");
        assertThatThrownBy(() -> Eventually.within(Duration.ofMillis(250)).until("never", () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("never");
    }
}
