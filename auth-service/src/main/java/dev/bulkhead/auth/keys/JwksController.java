package dev.bulkhead.auth.keys;

import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys, for every verifier (gateway, services); cacheable for {@code jwks-max-age}. */
@RestController
class JwksController {

    private final SigningKeys keys;
    private final KeySettings settings;

    JwksController(SigningKeys keys, KeySettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    @GetMapping("/.well-known/jwks.json")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(settings.jwksMaxAge()).cachePublic())
                .body(keys.publicSet().toJSONObject());
    }
}
