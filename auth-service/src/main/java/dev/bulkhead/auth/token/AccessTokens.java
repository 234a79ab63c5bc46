package dev.bulkhead.auth.token;

import dev.bulkhead.auth.keys.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

/** Issues the access token of the contract: RS256, {@code kid}, iss/aud/sub/roles/email/jti/iat/exp. */
@Service
public class AccessTokens {

    private final JwtEncoder encoder;
    private final SigningKeys keys;
    private final TokenSettings settings;
    private final Clock clock;

    AccessTokens(JwtEncoder encoder, SigningKeys keys, TokenSettings settings, Clock clock) {
        this.encoder = encoder;
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    public IssuedAccessToken issue(UUID subject, String email, Collection<String> roles) {
        Instant now = clock.instant();
        Duration lifetime = settings.accessTokenLifetime();
        UUID jti = UUID.randomUUID();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(settings.issuer())
                .audience(List.of(settings.audience()))
                .subject(subject.toString())
                .claim("roles", List.copyOf(roles))
                .claim("email", email)
                .id(jti.toString())
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256)
                .keyId(keys.signing().getKeyID())
                .build();
        String value = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new IssuedAccessToken(value, jti, now.plus(lifetime), lifetime);
    }
}
