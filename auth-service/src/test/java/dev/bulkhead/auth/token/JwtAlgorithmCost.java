package dev.bulkhead.auth.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Sign and verify cost of RS256 (2048), ES256 and EdDSA (Ed25519) on this JDK, side by side, over the
 * same signing input as a real access token; plus one Argon2id hash at our parameters. A careful loop
 * benchmark (warm-up, then timed batches, median of batches), not JMH: good enough to rank algorithms
 * that differ by multiples. A program, not a test (a timing is no pass/fail verdict); run it with
 * {@code ./mvnw -pl auth-service test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.bulkhead.auth.token.JwtAlgorithmCost}.
 */
final class JwtAlgorithmCost {

    private static final Logger log = LoggerFactory.getLogger(JwtAlgorithmCost.class);

    private static final String CLAIMS = "{\"iss\":\"bulkhead-auth\",\"aud\":[\"bulkhead\"],"
            + "\"sub\":\"3b7e9f2a-1c4d-4e8f-9a0b-6c5d4e3f2a1b\",\"roles\":[\"USER\"],\"email\":\"ada@example.com\","
            + "\"jti\":\"5f0c2a9e-8d7b-4c55-9a7e-2f1d3c4b5a69\",\"iat\":1795000000,\"exp\":1795000600}";

    private JwtAlgorithmCost() {}

    public static void main(String[] args) throws Exception {
        byte[] input = ("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0."
                        + java.util.Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(CLAIMS.getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.US_ASCII);

        KeyPair rsa = generator("RSA", null, 2048);
        KeyPair ec = generator("EC", new ECGenParameterSpec("secp256r1"), 0);
        KeyPair ed = generator("Ed25519", null, 0);

        Map<String, double[]> results = new LinkedHashMap<>();
        results.put("RS256 (JDK SHA256withRSA, 2048)", jdk("SHA256withRSA", rsa, input));
        results.put("ES256 (JDK SHA256withECDSAinP1363Format)", jdk("SHA256withECDSAinP1363Format", ec, input));
        results.put("EdDSA (JDK Ed25519)", jdk("Ed25519", ed, input));
        results.put(
                "RS256 (Nimbus, as Spring Security verifies)",
                nimbus(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), new RSASSAVerifier((RSAPublicKey)
                        rsa.getPublic())));
        results.put(
                "ES256 (Nimbus, as Spring Security verifies)",
                nimbus(
                        JWSAlgorithm.ES256,
                        new ECDSASigner((ECPrivateKey) ec.getPrivate()),
                        new ECDSAVerifier((ECPublicKey) ec.getPublic())));

        StringBuilder table = new StringBuilder(String.format(
                "%nJava %s, %d cores%n%-45s %12s %12s%n",
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                "algorithm",
                "sign ns/op",
                "verify ns/op"));
        results.forEach((name, r) -> table.append(String.format("%-45s %,12.0f %,12.0f%n", name, r[0], r[1])));

        Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
        double hash = median(5, 3, () -> argon2.encode("correct horse battery"));
        table.append(String.format(
                "%-45s %,12.0f ns (%.1f ms)%n", "Argon2id m=19456 KiB t=2 p=1, one hash", hash, hash / 1e6));
        log.info("Signature cost{}", table);
    }

    private static double[] jdk(String algorithm, KeyPair keys, byte[] input) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(keys.getPrivate());
        signer.update(input);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        double sign = median(200, 7, () -> {
            signer.initSign(keys.getPrivate());
            signer.update(input);
            return signer.sign();
        });
        double verify = median(2000, 7, () -> {
            verifier.initVerify(keys.getPublic());
            verifier.update(input);
            if (!verifier.verify(signature)) {
                throw new AssertionError("signature did not verify");
            }
            return signature;
        });
        return new double[] {sign, verify};
    }

    private static double[] nimbus(JWSAlgorithm algorithm, JWSSigner signer, JWSVerifier verifier) throws Exception {
        JWSObject signed =
                new JWSObject(new JWSHeader.Builder(algorithm).keyID("k1").build(), new Payload(CLAIMS));
        signed.sign(signer);
        String token = signed.serialize();
        double sign = median(200, 7, () -> {
            JWSObject object =
                    new JWSObject(new JWSHeader.Builder(algorithm).keyID("k1").build(), new Payload(CLAIMS));
            object.sign(signer);
            return object.serialize();
        });
        double verify = median(2000, 7, () -> {
            if (!JWSObject.parse(token).verify(verifier)) {
                throw new AssertionError("signature did not verify");
            }
            return token;
        });
        return new double[] {sign, verify};
    }

    interface Work {
        Object run() throws Exception;
    }

    /** Warm-up batch, then {@code batches} timed batches of {@code size} operations; the median ns/op. */
    private static double median(int size, int batches, Work work) throws Exception {
        Object sink = null;
        for (int i = 0; i < size * 2; i++) {
            sink = work.run();
        }
        double[] perOp = new double[batches];
        for (int b = 0; b < batches; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < size; i++) {
                sink = work.run();
            }
            perOp[b] = (System.nanoTime() - start) / (double) size;
        }
        if (sink == null) {
            throw new AssertionError();
        }
        java.util.Arrays.sort(perOp);
        return perOp[batches / 2];
    }

    private static KeyPair generator(String algorithm, ECGenParameterSpec spec, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (spec != null) {
            generator.initialize(spec);
        } else if (bits > 0) {
            generator.initialize(bits);
        }
        return generator.generateKeyPair();
    }
}
