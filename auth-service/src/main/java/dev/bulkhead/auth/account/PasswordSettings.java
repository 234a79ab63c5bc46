package dev.bulkhead.auth.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.auth.password.*}: Argon2id cost and how many hashes may run at once.
 *
 * @param memoryKib Argon2id memory per hash; OWASP's floor is 19 MiB (19456 KiB)
 * @param iterations Argon2id passes; OWASP's floor with 19 MiB is 2
 * @param parallelism Argon2id lanes
 * @param maxConcurrentHashes hashes in flight at once: bounds CPU and memory (memoryKib each) under a login flood
 * @param acquireTimeout how long a request waits for a hashing slot before it gets 503
 */
@ConfigurationProperties("bulkhead.auth.password")
@Validated
record PasswordSettings(
        @Min(19_456) @DefaultValue("19456") int memoryKib,
        @Min(2) @DefaultValue("2") int iterations,
        @Min(1) @Max(16) @DefaultValue("1") int parallelism,
        @Min(1) @DefaultValue("4") int maxConcurrentHashes,
        @NotNull @DefaultValue("5s") Duration acquireTimeout) {}
