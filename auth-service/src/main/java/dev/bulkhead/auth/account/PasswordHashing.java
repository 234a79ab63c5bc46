package dev.bulkhead.auth.account;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id behind a bulkhead: each hash costs {@code memoryKib} of memory and tens of milliseconds of
 * CPU, so only {@code maxConcurrentHashes} run at once and the rest wait (bounded) or get 503, instead
 * of a login flood exhausting the heap.
 */
@Component
class PasswordHashing {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    private final Argon2PasswordEncoder encoder;
    private final Semaphore slots;
    private final PasswordSettings settings;
    /** Compared against when the email is unknown, so both failures cost the same time. */
    private final String dummyHash;

    PasswordHashing(PasswordSettings settings) {
        this.settings = settings;
        this.encoder = new Argon2PasswordEncoder(
                SALT_BYTES, HASH_BYTES, settings.parallelism(), settings.memoryKib(), settings.iterations());
        this.slots = new Semaphore(settings.maxConcurrentHashes(), true);
        this.dummyHash = encoder.encode("bulkhead-dummy-password-for-unknown-emails");
    }

    String hash(String password) {
        return bounded(() -> encoder.encode(password));
    }

    boolean matches(String password, String hash) {
        return bounded(() -> encoder.matches(password, hash));
    }

    /** Spends the same work as {@link #matches} for an email that has no account, and fails. */
    void matchNothing(String password) {
        bounded(() -> encoder.matches(password, dummyHash));
    }

    private <T> T bounded(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(settings.acquireTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new PasswordHashingBusy(settings.acquireTimeout());
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }
}
