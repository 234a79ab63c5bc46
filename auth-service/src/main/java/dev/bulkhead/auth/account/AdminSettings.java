package dev.bulkhead.auth.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bulkhead.auth.admin.*}: the administrator seeded at start (dev stack, demos).
 *
 * @param email the admin's address; no admin is seeded when blank
 * @param password its password (e.g. from {@code BULKHEAD_ADMIN_PASSWORD}); generated and printed once when blank
 */
@ConfigurationProperties("bulkhead.auth.admin")
record AdminSettings(String email, String password) {

    boolean enabled() {
        return email != null && !email.isBlank();
    }

    boolean passwordConfigured() {
        return password != null && !password.isBlank();
    }

    @Override
    public String toString() {
        return "AdminSettings[email=" + email + "]";
    }
}
