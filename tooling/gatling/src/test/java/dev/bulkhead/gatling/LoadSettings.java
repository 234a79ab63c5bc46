package dev.bulkhead.gatling;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * What one run does, from system properties ({@code -Dload.*}, passed through by Maven to the forked
 * Gatling JVM). Each default is a named constant with its reason; README.md lists them all.
 *
 * @param baseUrl the gateway
 * @param browseUsersPerSec new browsing users per second (0 leaves the scenario out)
 * @param loginUsersPerSec new users per second who log in and read their profile
 * @param orderUsersPerSec new customers per second who register, log in and order
 * @param ramp how long each rate climbs from zero before it is held
 * @param duration how long each rate is held after the ramp
 * @param browseP99 the bound on the 99th percentile of every browse request
 * @param loginP99 the bound on the 99th percentile of every login-scenario request
 * @param orderP99 the bound on the 99th percentile of every order-scenario request
 * @param confirmedP99 the bound on the 99th percentile from POSTing an order to seeing it CONFIRMED
 * @param pollInterval the pause before each poll of a placed order
 * @param maxPolls the most polls of one order before it is judged
 * @param accounts how many accounts the login scenario takes turns with
 */
record LoadSettings(
        String baseUrl,
        double browseUsersPerSec,
        double loginUsersPerSec,
        double orderUsersPerSec,
        Duration ramp,
        Duration duration,
        int browseP99,
        int loginP99,
        int orderP99,
        int confirmedP99,
        Duration pollInterval,
        int maxPolls,
        int accounts) {

    static final String PREFIX = "load.";

    /** `./bulkhead up`'s gateway. */
    static final String DEFAULT_BASE_URL = "http://localhost:8080";

    /**
     * Below saturation on a 2-core laptop that also runs the whole stack (7 JVMs, Kafka, Postgres): about
     * 12 requests a second at the gateway in all, a few of them Argon2 password hashes, which cost tens of
     * milliseconds of CPU each.
     */
    static final double DEFAULT_BROWSE_RATE = 2;

    static final double DEFAULT_LOGIN_RATE = 0.5;

    static final double DEFAULT_ORDER_RATE = 0.5;

    /** The JVMs are cold at first: a ramp keeps their JIT warm-up out of the held phase's figures. */
    static final Duration DEFAULT_RAMP = Duration.ofSeconds(15);

    /** Long enough for a few hundred requests, short enough to run between two other things. */
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);

    /**
     * Lenient bounds, for a shared laptop: the stack answers a catalogue read in a few milliseconds when
     * idle, but a p99 over a minute catches every GC pause and scheduling hiccup of 2 busy cores.
     */
    static final int DEFAULT_BROWSE_P99 = 1_000;

    /** Login verifies an Argon2id hash, deliberately slow (tens of milliseconds) and queued behind a limit. */
    static final int DEFAULT_LOGIN_P99 = 2_000;

    /** Registration hashes a password too; placing an order asks inventory-service for prices. */
    static final int DEFAULT_ORDER_P99 = 2_500;

    /**
     * The saga crosses four services and Kafka twice each way; well within its own 30 s deadline, an order
     * should be confirmed in seconds.
     */
    static final int DEFAULT_CONFIRMED_P99 = 10_000;

    /** Short, so the time to CONFIRMED is measured to a quarter second. */
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    /** 160 × 250 ms = 40 s: past the saga's 30 s deadline, so every order is seen in a final state. */
    static final int DEFAULT_MAX_POLLS = 160;

    /** Logins take turns over these, so no account nears its per-account login limit (5 a minute). */
    static final int DEFAULT_ACCOUNTS = 20;

    static LoadSettings from(Properties properties) {
        var read = new Reader(properties);
        var settings = new LoadSettings(
                read.string("baseUrl", DEFAULT_BASE_URL).replaceAll("/+$", ""),
                read.rate("browseUsersPerSec", DEFAULT_BROWSE_RATE),
                read.rate("loginUsersPerSec", DEFAULT_LOGIN_RATE),
                read.rate("orderUsersPerSec", DEFAULT_ORDER_RATE),
                read.seconds("rampSeconds", DEFAULT_RAMP),
                read.seconds("durationSeconds", DEFAULT_DURATION),
                read.millis("browseP99Ms", DEFAULT_BROWSE_P99),
                read.millis("loginP99Ms", DEFAULT_LOGIN_P99),
                read.millis("orderP99Ms", DEFAULT_ORDER_P99),
                read.millis("confirmedP99Ms", DEFAULT_CONFIRMED_P99),
                Duration.ofMillis(read.millis("pollIntervalMs", (int) DEFAULT_POLL_INTERVAL.toMillis())),
                read.positive("maxPolls", DEFAULT_MAX_POLLS),
                read.positive("accounts", DEFAULT_ACCOUNTS));
        if (settings.duration.isZero()) {
            throw new IllegalArgumentException(PREFIX + "durationSeconds must be positive");
        }
        return settings;
    }

    /** Users the scenario starts in the whole run: half the rate over the ramp, then the rate held. */
    static long usersOver(double perSec, Duration ramp, Duration duration) {
        return (long) Math.ceil(perSec * ramp.toMillis() / 2000.0 + perSec * duration.toMillis() / 1000.0);
    }

    long plannedOrders() {
        return usersOver(orderUsersPerSec, ramp, duration);
    }

    /** The longest the run may take: ramp, hold, and the last orders' polling, with margin. */
    Duration maxDuration() {
        return ramp.plus(duration).plus(pollInterval.multipliedBy(maxPolls)).plusSeconds(60);
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%s: users/s browse %.2f, login %.2f, order %.2f; ramp %d s, hold %d s; p99 bounds browse %d ms,"
                        + " login %d ms, order %d ms, to CONFIRMED %d ms",
                baseUrl,
                browseUsersPerSec,
                loginUsersPerSec,
                orderUsersPerSec,
                ramp.toSeconds(),
                duration.toSeconds(),
                browseP99,
                loginP99,
                orderP99,
                confirmedP99);
    }

    private record Reader(Properties properties) {

        String string(String name, String fallback) {
            String value = properties.getProperty(PREFIX + name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        double rate(String name, double fallback) {
            double value = parse(name, fallback, Double::parseDouble);
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(PREFIX + name + " must be 0 or more, was " + value);
            }
            return value;
        }

        Duration seconds(String name, Duration fallback) {
            long value = parse(name, fallback.toSeconds(), Long::parseLong);
            if (value < 0) {
                throw new IllegalArgumentException(PREFIX + name + " must be 0 or more, was " + value);
            }
            return Duration.ofSeconds(value);
        }

        int millis(String name, int fallback) {
            return positive(name, fallback);
        }

        int positive(String name, int fallback) {
            int value = parse(name, fallback, Integer::parseInt);
            if (value <= 0) {
                throw new IllegalArgumentException(PREFIX + name + " must be positive, was " + value);
            }
            return value;
        }

        private <T> T parse(String name, T fallback, java.util.function.Function<String, T> parser) {
            String value = properties.getProperty(PREFIX + name);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return parser.apply(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + name + " is not a number: " + value, e);
            }
        }
    }
}
