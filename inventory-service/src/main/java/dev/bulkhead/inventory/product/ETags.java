package dev.bulkhead.inventory.product;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Strong entity tags, computed from the content of a representation: equal content gives an equal
 * tag, any difference a different one. Hashing the content (rather than tagging id + version) keeps a
 * tag true even across a database reset that reuses ids and versions, and makes list tags simple.
 */
final class ETags {

    /** 128 bits of SHA-256: collisions are out of reach, and the header stays short. */
    private static final int TAG_BYTES = 16;

    private ETags() {}

    /** The quoted strong tag of these parts; each part is length-prefixed, so {@code ("ab","c") != ("a","bc")}. */
    static String of(Object... parts) {
        MessageDigest digest = sha256();
        for (Object part : parts) {
            byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
            digest.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
            digest.update((byte) (part == null ? 0 : 1)); // null and "null" differ
        }
        byte[] hash = digest.digest();
        return "\"" + HexFormat.of().formatHex(hash, 0, TAG_BYTES) + "\"";
    }

    /**
     * Whether an {@code If-Match} header admits a write to a resource whose tag is {@code current}:
     * {@code *} or a list containing it. Comparison is strong (RFC 9110 13.1.1): a weak tag never matches.
     */
    static boolean ifMatchAdmits(String ifMatch, String current) {
        if (ifMatch == null) {
            return true;
        }
        if (ifMatch.trim().equals("*")) {
            return true;
        }
        for (String candidate : ifMatch.split(",")) {
            if (candidate.trim().equals(current)) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
