package dev.bulkhead.resilience.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidInputTest {

    @Test
    void readsAsEveryBrokenRuleJoined() {
        var invalid = new InvalidInput(List.of(
                new InvalidInput.Violation("page", "must be 0 or more"),
                new InvalidInput.Violation("size", "must be between 1 and 100")));

        assertThat(invalid.getMessage()).isEqualTo("page: must be 0 or more; size: must be between 1 and 100");
        assertThat(invalid.violations())
                .extracting(InvalidInput.Violation::field)
                .containsExactly("page", "size");
    }

    @Test
    void refusesToBeThrownWithoutABrokenRule() {
        assertThatThrownBy(() -> new InvalidInput(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
