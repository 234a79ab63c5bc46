package dev.bulkhead.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void showsMinorUnitsAsADecimalWithTheCurrencysDigits() {
        assertThat(new Money(17800, "EUR").decimal()).isEqualTo("178.00");
        assertThat(new Money(5, "EUR").decimal()).isEqualTo("0.05");
        assertThat(new Money(500, "JPY").decimal()).isEqualTo("500");
    }

    @Test
    void refusesNegativeAmountsAndCodesThatAreNoIsoCode() {
        assertThatThrownBy(() -> new Money(-1, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(1, "euro")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
