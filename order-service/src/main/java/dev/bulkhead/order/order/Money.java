package dev.bulkhead.order.order;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount in the currency's minor unit (cents for EUR), as events carry it. Serialized as
 * is, it is the contracts' money shape {@code {"amountMinor":17800,"currency":"EUR"}}.
 *
 * @param amountMinor the amount in minor units, never negative
 * @param currency the ISO 4217 code
 */
public record Money(long amountMinor, String currency) {

    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!ISO_4217.matcher(currency).matches()) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + currency);
        }
        if (amountMinor < 0) {
            throw new IllegalArgumentException("negative amount: " + amountMinor);
        }
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }

    public Money times(int quantity) {
        return new Money(Math.multiplyExact(amountMinor, quantity), currency);
    }

    /** The amount as a decimal with the currency's scale, e.g. {@code 178.00}. */
    public BigDecimal toDecimal() {
        return BigDecimal.valueOf(
                amountMinor, Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0));
    }
}
