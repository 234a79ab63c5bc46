package dev.bulkhead.notification.notification;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/** An amount as events carry it ({@code {"amountMinor":17800,"currency":"EUR"}}), written for people. */
record Money(long amountMinor, String currency) {

    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    /** Read from an event body; one this refuses sends the event to the dead-letter topic. */
    Money {
        if (amountMinor < 0 || currency == null || !ISO_4217.matcher(currency).matches()) {
            throw new IllegalArgumentException("not an amount: " + amountMinor + " " + currency);
        }
    }

    /** {@code EUR 178.00}; the currency's own number of decimals (JPY has none), two when unknown. */
    @Override
    public String toString() {
        return currency + " "
                + BigDecimal.valueOf(amountMinor, fractionDigits()).toPlainString();
    }

    private int fractionDigits() {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException unknown) {
            return 2;
        }
    }
}
