package dev.bulkhead.payment.payment;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/**
 * An exact amount in the currency's minor unit, as events and the provider carry it (EUR 178.00 is
 * {@code 17800}); never a floating-point number.
 */
public record Money(long amountMinor, String currency) {

    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    /** Minor digits for a code the JDK does not know: most currencies have two. */
    private static final int DEFAULT_FRACTION_DIGITS = 2;

    public Money {
        if (amountMinor < 0) {
            throw new IllegalArgumentException("an amount must not be negative, was " + amountMinor);
        }
        if (currency == null || !ISO_4217.matcher(currency).matches()) {
            throw new IllegalArgumentException("a currency is an ISO 4217 code such as EUR, was " + currency);
        }
    }

    /** The amount as a decimal string in major units ({@code "178.00"}), as the v1 API shows money. */
    public String decimal() {
        return BigDecimal.valueOf(amountMinor, fractionDigits()).toPlainString();
    }

    private int fractionDigits() {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? DEFAULT_FRACTION_DIGITS : digits;
        } catch (IllegalArgumentException unknown) {
            return DEFAULT_FRACTION_DIGITS;
        }
    }
}
