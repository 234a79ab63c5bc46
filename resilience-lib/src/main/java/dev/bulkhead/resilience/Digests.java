package dev.bulkhead.resilience;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One-way fingerprints the services store or key by instead of the values themselves. */
public final class Digests {

    private Digests() {}

    /**
     * The SHA-256 of {@code text}'s UTF-8 bytes, as 64 lower-case hex digits.
     *
     * @param text what to fingerprint: a refresh token, a normalised email, a canonical request
     * @return the hex digest
     */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
