package dev.bulkhead.auth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA keys auth-service signs with (the first) and publishes (all). RS256: the cheapest of RS256,
 * ES256 and EdDSA to verify on the JDK, and every request verifies (see JwtAlgorithmCostBenchmarkTest).
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.RS256;
    static final int MIN_RSA_BITS = 2048;
    static final String GENERATED_FILE = "auth-signing-key.pem";

    private final List<RSAKey> keys;

    SigningKeys(List<RSAKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("auth-service has no signing key: set bulkhead.auth.keys");
        }
        Set<String> kids = new HashSet<>();
        keys.forEach(key -> {
            if (!kids.add(key.getKeyID())) {
                throw new IllegalStateException("bulkhead.auth.keys has the kid " + key.getKeyID() + " twice");
            }
        });
        this.keys = List.copyOf(keys);
    }

    static SigningKeys from(KeySettings settings) {
        List<RSAKey> keys = new ArrayList<>();
        for (KeySettings.Key key : settings.keys()) {
            keys.add(rsaKey(key.kid(), key.privateKey()));
        }
        if (keys.isEmpty() && settings.generateKeyIfMissing()) {
            keys.add(generatedOnce(settings.keyDirectory()));
        }
        return new SigningKeys(keys);
    }

    /** The key new tokens are signed with. */
    public RSAKey signing() {
        return keys.getFirst();
    }

    /** Every key, private parts included: for the signer only. */
    public JWKSet privateSet() {
        return new JWKSet(new ArrayList<>(keys));
    }

    /** Every key's public part: what the JWKS endpoint publishes and verifiers use. */
    public JWKSet publicSet() {
        return privateSet().toPublicJWKSet();
    }

    static RSAKey rsaKey(String kid, String pem) {
        try {
            byte[] der = Base64.getMimeDecoder()
                    .decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                            .strip());
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (!(rsa.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey privateKey)) {
                throw new IllegalStateException("key " + kid + " is not an RSA CRT private key");
            }
            if (privateKey.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalStateException("key " + kid + " has fewer than " + MIN_RSA_BITS + " bits");
            }
            RSAPublicKey publicKey = (RSAPublicKey)
                    rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new RSAKey.Builder(publicKey)
                    .privateKey(privateKey)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(ALGORITHM)
                    .build();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "key " + kid + " is not a PKCS#8 PEM RSA private key (-----BEGIN PRIVATE KEY-----)", e);
        }
    }

    /** PKCS#8 PEM of a private key, as {@code bulkhead.auth.keys[n].private-key} expects it. */
    public static String pem(java.security.PrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /** A fresh RSA key pair of the minimum size: for tests and the dev stack. */
    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(MIN_RSA_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generatedOnce(Path directory) {
        Path file = directory.resolve(GENERATED_FILE);
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(directory);
                String pem = pem(generateKeyPair().getPrivate());
                try {
                    Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
                    restrictToOwner(file);
                    log.warn(
                            "Generated a development signing key in {} (configure bulkhead.auth.keys in production)",
                            file.toAbsolutePath());
                } catch (FileAlreadyExistsException raced) {
                    // another instance on this machine wrote it first: use theirs
                }
            }
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            RSAKey key = rsaKey("placeholder", pem);
            String kid = "dev-" + key.computeThumbprint().toString().substring(0, 16);
            return new RSAKey.Builder(key).keyID(kid).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the signing key " + file, e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own permissions apply
        }
    }
}
