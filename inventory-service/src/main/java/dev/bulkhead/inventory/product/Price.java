package dev.bulkhead.inventory.product;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What a product costs: an exact amount in minor units (cents) and its currency. Never a double.
 *
 * @param amountMinor the amount in the currency's minor unit, e.g. 1250 for EUR 12.50
 * @param currency the ISO 4217 code
 */
public record Price(long amountMinor, String currency) {

    /**
     * The shop sells in one currency: order totals add up unit prices, and a second currency would
     * make a total meaningless. Changing it is a decision, not a request parameter.
     */
    public static final String CATALOGUE_CURRENCY = "EUR";

    /** Minor units per major unit of the catalogue currency (cents per euro). */
    private static final int SCALE = 2;

    public Price {
        Objects.requireNonNull(currency, "currency");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("a price is never negative: " + amountMinor);
        }
        if (!CATALOGUE_CURRENCY.equals(currency)) {
            throw new IllegalArgumentException("prices are in " + CATALOGUE_CURRENCY + ", not " + currency);
        }
    }

    /**
     * Reads a price as the v1 API and the catalogue file write it ({@code "12.50"}, {@code "EUR"}).
     *
     * @throws IllegalArgumentException when the amount is not a decimal with at most two places
     */
    public static Price parse(String amount, String currency) {
        Objects.requireNonNull(amount, "amount");
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(amount);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an amount: " + amount, e);
        }
        if (decimal.scale() > SCALE) {
            throw new IllegalArgumentException("more than " + SCALE + " decimal places: " + amount);
        }
        return new Price(decimal.movePointRight(SCALE).longValueExact(), currency);
    }

    /** The amount as the v1 API writes it: a string with exactly two decimals, e.g. {@code "12.50"}. */
    public String amount() {
        return BigDecimal.valueOf(amountMinor, SCALE)
                .setScale(SCALE, RoundingMode.UNNECESSARY)
                .toPlainString();
    }
}
