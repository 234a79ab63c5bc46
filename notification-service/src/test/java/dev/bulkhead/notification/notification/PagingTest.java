package dev.bulkhead.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    @CsvSource({"0, 0", "101, 0", "-1, 0", "20, -1"})
    void refusesALimitOrPageOutOfRange(int limit, int page) {
        assertThatThrownBy(() -> new Paging(limit, page)).isInstanceOf(InvalidPaging.class);
    }
}
