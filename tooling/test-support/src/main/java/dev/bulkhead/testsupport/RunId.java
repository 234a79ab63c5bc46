package dev.bulkhead.testsupport;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names one test JVM: its start second in base 36 and four random characters, so that concurrent
 * runs never collide and leftovers of old runs can be recognised by age. Only {@code [a-z0-9]}, so it
 * is safe in database names without quoting.
 */
final class RunId {

    private static final Pattern DATABASE = Pattern.compile("bk_([a-z0-9]+)([a-z0-9]{4})_\\d+");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunId() {}

    static String next(Instant now) {
        StringBuilder id = new StringBuilder(Long.toString(now.getEpochSecond(), 36));
        for (int i = 0; i < 4; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** When the run that created a test database started, if the name is one of ours. */
    static Optional<Instant> startedAt(String databaseName) {
        Matcher matcher = DATABASE.matcher(databaseName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(matcher.group(1), 36)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
