package dev.bulkhead.auth.account;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the admin account at start if it does not exist yet (idempotent across restarts and
 * instances), and says so once in the log: with the generated password when none was configured.
 */
@Component
class AdminSeeding implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminSeeding.class);

    private final AdminSettings settings;
    private final Accounts accounts;
    private final Registration registration;

    AdminSeeding(AdminSettings settings, Accounts accounts, Registration registration) {
        this.settings = settings;
        this.accounts = accounts;
        this.registration = registration;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!settings.enabled()) {
            return;
        }
        if (accounts.findByEmail(Account.normalize(settings.email())).isPresent()) {
            log.info("Admin account {} already exists (password unchanged)", settings.email());
            return;
        }
        String password = settings.passwordConfigured() ? settings.password() : generated();
        try {
            registration.register(
                    new Register(settings.email(), password, "Administrator"), EnumSet.of(Role.USER, Role.ADMIN));
        } catch (EmailAlreadyRegistered e) {
            log.info("Admin account {} already exists (password unchanged)", settings.email());
            return;
        }
        if (settings.passwordConfigured()) {
            log.info("Admin account created: email={} password=<bulkhead.auth.admin.password>", settings.email());
        } else {
            log.warn(
                    "Admin account created: email={} password={} (generated: set BULKHEAD_ADMIN_PASSWORD to choose it)",
                    settings.email(),
                    password);
        }
    }

    private static String generated() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
