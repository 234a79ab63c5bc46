package dev.bulkhead.testsupport.tokens;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A stand-in auth-service for tests: what a service needs of auth-service to check tokens — the JWKS
 * document and the revocation list ({@code /internal/v1/revocations}) over real HTTP on a free local
 * port — plus valid tokens with the claims auth-service issues (docs/api.md, Authentication) and
 * the tokens of the attack matrix.
 *
 * <pre>{@code
 * static final StandInAuth auth = StandInAuth.start();
 *
 * @DynamicPropertySource
 * static void trustIt(DynamicPropertyRegistry registry) {
 *     auth.register(registry);
 * }
 *
 * String token = auth.token(userId, "USER");
 * }</pre>
 */
public final class StandInAuth implements AutoCloseable {

    public static final String ISSUER = "bulkhead-auth";
    public static final String AUDIENCE = "bulkhead";

    private final HttpServer server;
    private final RSAKey key;
    private final List<RSAKey> published = new CopyOnWriteArrayList<>();
    private final List<Revocation> revocations = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksHits = new AtomicInteger();

    private record Revocation(String jti, Instant expiresAt, Instant at) {}

    private StandInAuth() throws IOException {
        key = newKey("key-1");
        published.add(key);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            jwksHits.incrementAndGet();
            respond(exchange, new JWKSet(List.copyOf(published)).toString(true));
        });
        server.createContext("/internal/v1/revocations", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            Instant since = query != null && query.startsWith("since=")
                    ? Instant.parse(URLDecoder.decode(query.substring(6), StandardCharsets.UTF_8))
                    : Instant.EPOCH;
            Instant asOf = Instant.now();
            String items = revocations.stream()
                    .filter(revocation -> !revocation.at().isBefore(since))
                    .map(revocation ->
                            "{\"jti\":\"%s\",\"expiresAt\":\"%s\"}".formatted(revocation.jti(), revocation.expiresAt()))
                    .collect(Collectors.joining(","));
            respond(exchange, "{\"asOf\":\"" + asOf + "\",\"revocations\":[" + items + "]}");
        });
        server.start();
    }

    /** Starts the stand-in on a free port of 127.0.0.1 with a fresh RSA key. */
    public static StandInAuth start() {
        try {
            return new StandInAuth();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Points {@code bulkhead.security.*} at this stand-in, from a {@code @DynamicPropertySource} method. */
    public void register(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The {@code bulkhead.security.*} settings that point a verifier at this stand-in. */
    public Map<String, Object> properties() {
        return Map.of(
                "bulkhead.security.jwt.jwks-uri", jwksUri(), "bulkhead.security.revocations.uri", revocationsUri());
    }

    public String jwksUri() {
        return base() + "/.well-known/jwks.json";
    }

    public String revocationsUri() {
        return base() + "/internal/v1/revocations";
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How often the JWKS document was fetched. */
    public int jwksHits() {
        return jwksHits.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** auth-service publishes a new key (a rollover) and signs with it from now on. */
    public RSAKey publishNewKey(String kid) {
        RSAKey next = newKey(kid);
        published.add(next);
        return next;
    }

    /** Puts the token's {@code jti} on the revocation list, as a logout at auth-service does. */
    public void revoke(String token) {
        try {
            JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
            revocations.add(
                    new Revocation(claims.getJWTID(), claims.getExpirationTime().toInstant(), Instant.now()));
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A valid token of a new user with the role USER. */
    public String user() {
        return valid(claims -> {});
    }

    /** A valid token for {@code userId} with the given roles ({@code USER} when none). */
    public String token(UUID userId, String... roles) {
        return valid(claims -> claims.subject(userId.toString())
                .claim("email", userId + "@example.com")
                .claim("roles", List.of(roles.length == 0 ? new String[] {"USER"} : roles)));
    }

    /** A valid token of a new user with the roles USER and ADMIN. */
    public String admin() {
        return valid(claims -> claims.claim("roles", List.of("USER", "ADMIN")));
    }

    /** A token signed with the published key, its claims changed by {@code change}. */
    public String valid(Consumer<JWTClaimsSet.Builder> change) {
        return sign(key, key.getKeyID(), change);
    }

    public String signedWith(RSAKey signer) {
        return sign(signer, signer.getKeyID(), claims -> {});
    }

    private static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(UUID.randomUUID().toString())
                .claim("roles", List.of("USER"))
                .claim("email", "ada@example.com")
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    private static String sign(RSAKey signer, String kid, Consumer<JWTClaimsSet.Builder> change) {
        try {
            JWTClaimsSet.Builder claims = validClaims();
            change.accept(claims);
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(kid)
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims.build());
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every token an attacker might try; each must be refused with 401. */
    public Stream<Arguments> attacks() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("alg=none", unsigned()),
                Arguments.of("HS256 signed with the public key", hmacWithPublicKey()),
                Arguments.of("unknown kid", sign(newKey("other"), "unknown-kid", claims -> {})),
                Arguments.of("kid path traversal", sign(key, "../../etc/passwd", claims -> {})),
                Arguments.of("kid SQL injection", sign(key, "' OR 1=1 --", claims -> {})),
                Arguments.of(
                        "expired beyond the clock skew",
                        valid(claims -> claims.issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                                .expirationTime(Date.from(now.minus(Duration.ofSeconds(45)))))),
                Arguments.of("no exp", valid(claims -> claims.expirationTime(null))),
                Arguments.of("wrong iss", valid(claims -> claims.issuer("evil-auth"))),
                Arguments.of("wrong aud", valid(claims -> claims.audience("someone-else"))),
                Arguments.of("tampered payload", tampered()),
                Arguments.of("garbage", "garbage"),
                Arguments.of("garbage with dots", "a.b.c"));
    }

    private String unsigned() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString(("{\"alg\":\"none\",\"kid\":\"" + key.getKeyID() + "\",\"typ\":\"JWT\"}")
                .getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(validClaims()
                .claim("roles", List.of("ADMIN"))
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private String hmacWithPublicKey() {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(key.getKeyID())
                            .build(),
                    validClaims().build());
            jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload of one valid token (made admin) under the signature of another. */
    private String tampered() {
        String[] genuine = user().split("\\.");
        String[] forged = admin().split("\\.");
        return genuine[0] + "." + forged[1] + "." + genuine[2];
    }

    public static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
