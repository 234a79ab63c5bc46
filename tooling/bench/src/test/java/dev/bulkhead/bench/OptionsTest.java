package dev.bulkhead.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void theFullRunHasTwentySecondRoundsAndTwoHundredOrders() throws Exception {
        var options = Options.parse();

        assertThat(options.round()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.orders()).isEqualTo(200);
        assertThat(options.profile()).isFalse();
    }

    @Test
    void quickShortensEverythingAndProfileIsIndependent() throws Exception {
        var options = Options.parse("--profile", "--quick");

        assertThat(options.quick()).isTrue();
        assertThat(options.profile()).isTrue();
        assertThat(options.round()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.orders()).isEqualTo(50);
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> Options.parse("--fast"))
                .isInstanceOf(Options.UsageException.class)
                .hasMessageContaining("--fast");
    }

    @Test
    void theFailFastRateIsAFifthOfTheSlowerRouteBetweenTwentyAndAHundred() {
        assertThat(FailFast.rate(5000)).isEqualTo(100);
        assertThat(FailFast.rate(240)).isEqualTo(48);
        assertThat(FailFast.rate(50)).isEqualTo(20);
    }
}
