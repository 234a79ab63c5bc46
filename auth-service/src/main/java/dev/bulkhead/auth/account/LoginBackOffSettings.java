package dev.bulkhead.auth.account;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.auth.login-back-off.*}: how auth-service itself slows password guessing against one
 * account, whoever calls it (the gateway's login limit protects only what comes through the gateway).
 *
 * @param freeFailures failed logins in a row an account allows before it backs off: typos cost nothing
 * @param firstBlock how long the account refuses logins after the last free failure; each further
 *     failure doubles it
 * @param maxBlock the longest block: an attacker can delay the owner's login by this much, never lock them out
 * @param forgetAfter failures older than this are forgotten: the count starts again
 */
@ConfigurationProperties("bulkhead.auth.login-back-off")
@Validated
record LoginBackOffSettings(
        @Min(1) @DefaultValue("5") int freeFailures,
        @NotNull @DefaultValue("1s") Duration firstBlock,
        @NotNull @DefaultValue("15m") Duration maxBlock,
        @NotNull @DefaultValue("1h") Duration forgetAfter) {}
