package dev.bulkhead.resilience.retention;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void acceptsPlainIdentifiersOnlyBecauseTheyAreWrittenIntoSql() {
        assertThatNoException().isThrownBy(() -> new Retention("idempotency_key", "created_at", Duration.ofDays(1)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Retention("claim; drop table orders", "at", Duration.ofDays(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Retention("claim", "at --", Duration.ofDays(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Retention("Claim", "at", Duration.ofDays(1)));
    }

    @Test
    void refusesANegativeRetention() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Retention("claim", "at", Duration.ofDays(-1)));
    }
}
