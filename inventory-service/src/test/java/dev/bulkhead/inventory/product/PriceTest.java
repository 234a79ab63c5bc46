package dev.bulkhead.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriceTest {

    @ParameterizedTest(name = "{0} -> {1} minor units, written {2}")
    @CsvSource({"12.50, 1250, 12.50", "12.5, 1250, 12.50", "12, 1200, 12.00", "0.07, 7, 0.07", "0, 0, 0.00"})
    void keepsAmountsExactInMinorUnits(String amount, long minor, String written) {
        Price price = Price.parse(amount, "EUR");

        assertThat(price.amountMinor()).isEqualTo(minor);
        assertThat(price.amount()).isEqualTo(written);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12.345", "-1.00", "abc", "1e3x"})
    void refusesWhatIsNoAmountOfCents(String amount) {
        assertThatThrownBy(() -> Price.parse(amount, "EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"USD", "eur", "EURO"})
    void sellsInTheCatalogueCurrencyOnly(String currency) {
        assertThatThrownBy(() -> Price.parse("1.00", currency)).isInstanceOf(IllegalArgumentException.class);
    }
}
