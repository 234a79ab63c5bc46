package dev.bulkhead.auth.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Login command; an over-long password is refused before it costs a hash. */
record LogIn(
        @NotBlank @Size(max = 254) String email,
        @NotNull @Size(min = 1, max = 128) String password) {

    @Override
    public String toString() {
        return "LogIn[email=" + email + "]";
    }
}
