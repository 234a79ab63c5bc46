package dev.bulkhead.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InfrastructureTest {

    @Test
    void summarisesEachComponentWithItsPortAndWhereItCameFrom() {
        assertThat(Infrastructure.summary(List.of(
                        new Found("postgres", 5432, "local server"), new Found("redis", 6379, "not available"))))
                .isEqualTo("Infrastructure: postgres :5432 (local server), redis :6379 (not available)");
        assertThat(Infrastructure.summary(List.of())).isEqualTo("Infrastructure: none");
    }
}
