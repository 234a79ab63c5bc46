package dev.bulkhead.notification.notification;

import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.MalformedEvent;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/** An amount as events carry it ({@code {"amountMinor":17800,"currency":"EUR"}}), written for people. */
record Money(long amountMinor, String currency) {

    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    /** Reads a money object of an event body; anything else is a malformed event. */
    static Money of(EventFields money) {
        long amount = money.number("amountMinor");
        String currency = money.text("currency");
        if (amount < 0 || !ISO_4217.matcher(currency).matches()) {
            throw new MalformedEvent("not an amount: " + amount + " " + currency);
        }
        return new Money(amount, currency);
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
