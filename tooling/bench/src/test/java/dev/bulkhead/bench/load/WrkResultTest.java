package dev.bulkhead.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WrkResultTest {

    private static final String WITH_ERRORS = """
            Running 5s test @ http://127.0.0.1:8080/api/v1/users/me
              2 threads and 256 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    45.12ms   20.50ms 512.00ms   80.12%
                Req/Sec     2.85k   310.22     3.50k    71.00%
              Latency Distribution
                 50%   41.00ms
                 75%   52.30ms
                 90%   66.10ms
                 99%  120.45ms
              28417 requests in 5.01s, 12.34MB read
              Socket errors: connect 0, read 3, write 1, timeout 12
              Non-2xx or 3xx responses: 57
            Requests/sec:   5672.06
            Transfer/sec:      2.46MB
            """;

    private static final String CLEAN = """
            Running 20s test @ http://127.0.0.1:8085/api/v1/products/00000000-0000-4000-8000-000000000001
              2 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   812.00us  150.00us   9.10ms   91.00%
                Req/Sec    10.01k   600.00    11.20k    70.00%
              Latency Distribution
                 50%  790.00us
                 75%  850.00us
                 90%    0.95ms
                 99%    1.50ms
              398765 requests in 1.00m, 150.00MB read
            Requests/sec:  19938.25
            Transfer/sec:      7.50MB
            """;

    @Test
    void readsThroughputNon2xxSocketErrorsAndTheTail() {
        var result = WrkResult.parse(WITH_ERRORS);

        assertThat(result.requests()).isEqualTo(28417);
        assertThat(result.seconds()).isCloseTo(5.01, offset(1e-9));
        assertThat(result.perSecond()).isCloseTo(5672.06, offset(1e-9));
        assertThat(result.non2xx()).isEqualTo(57);
        assertThat(result.socketErrors()).isEqualTo(16);
        assertThat(result.p99Millis()).hasValue(120.45);
    }

    @Test
    void aCleanRunHasNoErrorLinesAndOtherUnits() {
        var result = WrkResult.parse(CLEAN);

        assertThat(result.non2xx()).isZero();
        assertThat(result.socketErrors()).isZero();
        assertThat(result.seconds()).isCloseTo(60, offset(1e-9));
        assertThat(result.p99Millis()).hasValue(1.5);
    }

    @Test
    void slicesOfOneTargetAddUpToOneRoundWhoseTailIsTheWorstSlices() {
        var slow = WrkResult.parse(WITH_ERRORS);
        var fast = WrkResult.parse(CLEAN);

        var round = WrkResult.combine(List.of(slow, fast));

        assertThat(round.requests()).isEqualTo(28417 + 398765);
        assertThat(round.seconds()).isCloseTo(65.01, offset(1e-9));
        assertThat(round.perSecond())
                .as("from the sums, not the mean of the slices' rates")
                .isCloseTo((28417 + 398765) / 65.01, offset(1e-6));
        assertThat(round.non2xx()).isEqualTo(57);
        assertThat(round.socketErrors()).isEqualTo(16);
        assertThat(round.p99Millis()).hasValue(120.45);
        assertThatThrownBy(() -> WrkResult.combine(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void microsecondsSecondsAndMinutesBecomeMilliseconds() {
        assertThat(WrkResult.toMillis(790, "us")).isCloseTo(0.79, offset(1e-9));
        assertThat(WrkResult.toMillis(1.5, "s")).isEqualTo(1500);
        assertThat(WrkResult.toMillis(2, "m")).isEqualTo(120_000);
    }

    @Test
    void somethingElseThanWrksReportIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:8080 Connection refused"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requests in");
    }

    @Test
    void theCommandCarriesTheTokenAndTwoThreadsAtMost() {
        var target = new HttpTarget("gateway", 8080, "/api/v1/users/me", Optional.of("abc"));

        assertThat(Wrk.command(target, 64, Duration.ofSeconds(20)))
                .containsSubsequence("-t2", "-c64", "-d20s")
                .containsSubsequence("-H", "Authorization: Bearer abc", "http://127.0.0.1:8080/api/v1/users/me");
        assertThat(Wrk.command(new HttpTarget("direct", 8085, "/p", Optional.empty()), 1, Duration.ofSeconds(5)))
                .contains("-t1")
                .doesNotContain("-H");
    }
}
