package dev.bulkhead.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProductTest {

    private static final Instant CREATED = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant LATER = CREATED.plusSeconds(60);

    private final Product keyboard =
            Product.create(UUID.randomUUID(), "Mechanical keyboard", null, Price.parse("89.00", "EUR"), 10, CREATED);

    @Test
    void reservingMovesUnitsFromStockToReserved() {
        keyboard.reserve(3, LATER);

        assertThat(keyboard.stock()).isEqualTo(7);
        assertThat(keyboard.reserved()).isEqualTo(3);
        assertThat(keyboard.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void reservesTheLastUnitButNotOneMore() {
        keyboard.reserve(10, LATER);

        assertThat(keyboard.stock()).isZero();
        assertThat(keyboard.canReserve(1)).isFalse();
        assertThatThrownBy(() -> keyboard.reserve(1, LATER)).isInstanceOfSatisfying(InsufficientStock.class, e -> {
            assertThat(e.requested()).isEqualTo(1);
            assertThat(e.available()).isZero();
        });
        assertThat(keyboard.reserved()).isEqualTo(10);
    }

    @Test
    void refusesToReserveMoreThanIsAvailableAndChangesNothing() {
        assertThatThrownBy(() -> keyboard.reserve(11, LATER)).isInstanceOf(InsufficientStock.class);

        assertThat(keyboard.stock()).isEqualTo(10);
        assertThat(keyboard.reserved()).isZero();
        assertThat(keyboard.updatedAt()).isEqualTo(CREATED);
    }

    @Test
    void refusesQuantitiesBelowOne() {
        assertThatThrownBy(() -> keyboard.reserve(0, LATER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keyboard.reserve(-2, LATER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keyboard.release(0, LATER)).isInstanceOf(IllegalArgumentException.class);
        assertThat(keyboard.stock()).isEqualTo(10);
    }

    @Test
    void releasingGivesReservedUnitsBackToStock() {
        keyboard.reserve(4, LATER);

        keyboard.release(4, LATER);

        assertThat(keyboard.stock()).isEqualTo(10);
        assertThat(keyboard.reserved()).isZero();
    }

    @Test
    void committingLetsReservedUnitsGoWithoutReturningThem() {
        keyboard.reserve(4, LATER);

        keyboard.commit(4, LATER);

        assertThat(keyboard.stock()).isEqualTo(6);
        assertThat(keyboard.reserved()).isZero();
    }

    @Test
    void neverReleasesOrCommitsMoreThanIsReserved() {
        keyboard.reserve(2, LATER);

        assertThatThrownBy(() -> keyboard.release(3, LATER)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keyboard.commit(3, LATER)).isInstanceOf(IllegalStateException.class);

        assertThat(keyboard.stock()).isEqualTo(8);
        assertThat(keyboard.reserved()).isEqualTo(2);
    }

    @Test
    void adjustsAvailableStockButNeverBelowZero() {
        keyboard.reserve(4, LATER);

        keyboard.adjustStock(5, LATER);
        assertThat(keyboard.stock()).isEqualTo(11);

        assertThatThrownBy(() -> keyboard.adjustStock(-12, LATER))
                .isInstanceOfSatisfying(InsufficientStock.class, e -> {
                    assertThat(e.requested()).isEqualTo(12);
                    assertThat(e.available()).isEqualTo(11);
                });
        keyboard.adjustStock(-11, LATER);
        assertThat(keyboard.stock()).isZero();
        assertThat(keyboard.reserved())
                .as("reserved units are not the admin's to remove")
                .isEqualTo(4);
    }

    @Test
    void reportsWhetherAChangeChangedAnything() {
        assertThat(keyboard.change("Mechanical keyboard", null, Price.parse("89", "EUR"), LATER))
                .isFalse();
        assertThat(keyboard.updatedAt()).isEqualTo(CREATED);

        assertThat(keyboard.change("Mechanical keyboard", "Brown switches", Price.parse("79.90", "EUR"), LATER))
                .isTrue();
        assertThat(keyboard.price().amountMinor()).isEqualTo(7990);
        assertThat(keyboard.description()).isEqualTo("Brown switches");
    }

    @Test
    void refusesABlankName() {
        assertThatThrownBy(() -> keyboard.change("  ", null, keyboard.price(), LATER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keyboard.name()).isEqualTo("Mechanical keyboard");
    }
}
