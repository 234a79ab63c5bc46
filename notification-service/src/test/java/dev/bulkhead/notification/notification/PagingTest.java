package dev.bulkhead.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.resilience.web.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagingTest {

    @Test
    void skipsTheEarlierPages() {
        assertThat(new Paging(20, 0).offset()).isZero();
        assertThat(new Paging(5, 3).offset()).isEqualTo(15);
        assertThat(new Paging(100, Integer.MAX_VALUE).offset()).isEqualTo(100L * Integer.MAX_VALUE);
    }

    @ParameterizedTest(name = "limit {0}, page {1}")
    @CsvSource({"0, 0, limit", "101, 0, limit", "-1, 0, limit", "20, -1, page"})
    void refusesALimitOrPageOutOfRangeNamingIt(int limit, int page, String field) {
        assertThatThrownBy(() -> new Paging(limit, page))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.violations())
                                .extracting(InvalidInput.Violation::field)
                                .containsExactly(field));
    }
}
