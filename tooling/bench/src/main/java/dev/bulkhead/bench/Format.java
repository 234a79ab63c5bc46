package dev.bulkhead.bench;

import java.util.Locale;
import java.util.OptionalDouble;

/** How figures are written in the report. */
final class Format {

    private Format() {}

    static String perSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String ratio(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : "-";
    }

    static String millis(double value) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value);
    }

    static String millis(OptionalDouble value) {
        return value.isPresent() ? millis(value.getAsDouble()) : "-";
    }

    static String seconds(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f s", value.getAsDouble()) : "never";
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
