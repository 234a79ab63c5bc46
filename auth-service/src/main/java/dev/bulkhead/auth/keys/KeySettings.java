package dev.bulkhead.auth.keys;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.auth.*} key material. The first key signs; the others are only published in the
 * JWKS, so that tokens they signed keep verifying during a rollover (add the new key first, keep the
 * old one second for at least one access-token lifetime plus the verifiers' JWKS cache time, then
 * remove it).
 *
 * @param keys RSA private keys (PKCS#8 PEM) with their key ids; in production from a secret
 * @param generateKeyIfMissing with no {@code keys}: create one in {@code keyDirectory} on first start
 *     and reuse it afterwards (the dev stack). Switch off where several instances run (each would
 *     make its own key)
 * @param keyDirectory where the generated key is kept, outside git
 * @param jwksMaxAge {@code Cache-Control: max-age} of the JWKS response
 */
@ConfigurationProperties("bulkhead.auth")
@Validated
record KeySettings(
        @Valid @DefaultValue List<Key> keys,
        @DefaultValue("true") boolean generateKeyIfMissing,
        @NotNull @DefaultValue(".bulkhead/keys") Path keyDirectory,
        @NotNull @DefaultValue("5m") Duration jwksMaxAge) {

    /**
     * @param kid the key id in the JWT header and the JWKS
     * @param privateKey the RSA private key, PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----})
     */
    record Key(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}")
            String kid,

            @NotBlank String privateKey) {

        @Override
        public String toString() {
            return "Key[kid=" + kid + "]"; // never the key
        }
    }
}
