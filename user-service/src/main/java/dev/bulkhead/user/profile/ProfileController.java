package dev.bulkhead.user.profile;

import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/users/me}: only ever the caller's own profile, so no id can point elsewhere. */
@RestController
@RequestMapping("/api/v1/users/me")
class ProfileController {

    private final ChangingProfiles profiles;

    ProfileController(ChangingProfiles profiles) {
        this.profiles = profiles;
    }

    @GetMapping
    ProfileView me(@AuthenticationPrincipal Jwt caller) {
        return ProfileView.of(profiles.of(userId(caller)));
    }

    @PatchMapping(consumes = {"application/json", "application/merge-patch+json"})
    ProfileView change(@AuthenticationPrincipal Jwt caller, @RequestBody JsonNode body) {
        return ProfileView.of(profiles.change(userId(caller), ProfilePatch.read(body)));
    }

    private static UUID userId(Jwt caller) {
        return UUID.fromString(caller.getSubject());
    }
}
