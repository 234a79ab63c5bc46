package dev.bulkhead.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.resilience.web.InvalidInput;
import java.util.Collections;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProductQueryTest {

    @Test
    void pagesTwentyAtATimeByDefault() {
        ProductQuery query = ProductQuery.of(2, null, null);

        assertThat(query.size()).isEqualTo(20);
        assertThat(query.offset()).isEqualTo(40);
        assertThat(query.byIds()).isFalse();
    }

    @Test
    void answersAQueryByIdsInOnePageUnlessToldOtherwise() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();

        assertThat(ProductQuery.of(0, null, a + "," + b).size()).isEqualTo(100);
        assertThat(ProductQuery.of(0, null, a + ", " + b + "," + a).ids()).containsExactlyInAnyOrder(a, b);
        assertThat(ProductQuery.of(0, 1, a + "," + b).size()).isEqualTo(1);
    }

    @Test
    void namesEveryParameterOutOfBounds() {
        assertThatThrownBy(() -> ProductQuery.of(-1, 101, "not-a-uuid"))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.violations())
                                .extracting(InvalidInput.Violation::field)
                                .containsExactlyInAnyOrder("page", "size", "ids"));
        assertThatThrownBy(() -> ProductQuery.of(0, 0, null)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> ProductQuery.of(0, null, "")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> ProductQuery.of(0, null, "1-2-3-4-5")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void refusesMoreIdsThanAnOrderHasLines() {
        String ids = String.join(",", Collections.nCopies(101, UUID.randomUUID().toString()));

        assertThatThrownBy(() -> ProductQuery.of(0, null, ids))
                .isInstanceOfSatisfying(
                        InvalidInput.class, e -> assertThat(e.getMessage()).contains("at most 100"));
    }
}
