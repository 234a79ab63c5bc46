package dev.bulkhead.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenSettingsTest {

    private final Validator validator =
            Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void anAccessTokenMayLiveFifteenMinutesAtMost() {
        assertThat(validator.validate(settings(Duration.ofMinutes(15)))).isEmpty();
        assertThat(validator.validate(settings(Duration.ofMinutes(16))))
                .singleElement()
                .satisfies(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("accessTokenLifetime"));
    }

    private static TokenSettings settings(Duration accessTokenLifetime) {
        return new TokenSettings("bulkhead-auth", "bulkhead", accessTokenLifetime, Duration.ofDays(14));
    }
}
