package dev.bulkhead.devstack.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The dev stack's admin account: auth-service seeds it from {@code BULKHEAD_ADMIN_EMAIL} and
 * {@code BULKHEAD_ADMIN_PASSWORD}. The password is generated at the first start, kept in
 * {@code $BULKHEAD_HOME/admin-password} (git-ignored, owner-only) and printed at every start, so a
 * developer can log in as admin without a secret ever being committed. A password set in the
 * environment wins and is never written down.
 */
public record AdminAccount(String email, String password) {

    public static final String DEFAULT_EMAIL = "admin@bulkhead.dev";

    /** The account from the environment, else the one this home remembers, else a new one. */
    public static AdminAccount of(Home home, Map<String, String> environment) throws IOException {
        String email = environment.getOrDefault("BULKHEAD_ADMIN_EMAIL", DEFAULT_EMAIL);
        String configured = environment.get("BULKHEAD_ADMIN_PASSWORD");
        if (configured != null && !configured.isBlank()) {
            return new AdminAccount(email, configured);
        }
        Path file = home.dir().resolve("admin-password");
        if (Files.isRegularFile(file)) {
            return new AdminAccount(
                    email, Files.readString(file, StandardCharsets.UTF_8).strip());
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(home.dir());
        Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return new AdminAccount(email, generated);
    }

    /** What auth-service reads. */
    public Map<String, String> environment() {
        return Map.of("BULKHEAD_ADMIN_EMAIL", email, "BULKHEAD_ADMIN_PASSWORD", password);
    }
}
