package dev.bulkhead.user.profile;

import dev.bulkhead.resilience.outbox.Outbox;
import dev.bulkhead.resilience.web.InvalidInput;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading and changing one's own profile; a real change leaves as UserUpdated through the outbox. */
@Service
class ChangingProfiles {

    static final String TOPIC = "user-events";

    private final Profiles profiles;
    private final Outbox outbox;
    private final Validator validator;
    private final Clock clock;

    ChangingProfiles(Profiles profiles, Outbox outbox, Validator validator, Clock clock) {
        this.profiles = profiles;
        this.outbox = outbox;
        this.validator = validator;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    Profile of(UUID userId) {
        return profiles.findById(userId).orElseThrow(() -> new ProfileNotFound(userId));
    }

    @Transactional
    Profile change(UUID userId, ChangeProfile change) {
        var violations = validator.validate(change);
        if (!violations.isEmpty()) {
            throw new InvalidInput(
                    violations.stream().map(ChangingProfiles::describe).toList());
        }
        Profile profile = of(userId);
        if (profile.change(change, clock.instant())) {
            profile = profiles.save(profile);
            outbox.append(TOPIC, "UserUpdated", 1, userId.toString(), userUpdated(profile));
        }
        return profile;
    }

    private static Map<String, Object> userUpdated(Profile profile) {
        var address = profile.address() == null ? Address.NONE : profile.address();
        var addressData = new java.util.LinkedHashMap<String, Object>();
        addressData.put("line1", address.line1());
        addressData.put("line2", address.line2());
        addressData.put("city", address.city());
        addressData.put("postalCode", address.postalCode());
        addressData.put("country", address.country());
        return Map.of(
                "userId", profile.id().toString(),
                "name", profile.name(),
                "address", addressData,
                "updatedAt", profile.updatedAt().toString());
    }

    private static InvalidInput.Violation describe(ConstraintViolation<?> violation) {
        String path = violation
                .getPropertyPath()
                .toString()
                .replace("newName", "name")
                .replace("newAddress", "address");
        return new InvalidInput.Violation(path, violation.getMessage());
    }
}
