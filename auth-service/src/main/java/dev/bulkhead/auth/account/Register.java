package dev.bulkhead.auth.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The registration command. Passwords are 8 to 128 characters: no upper limit would let one request
 * buy seconds of Argon2id; 128 is well above what any password manager generates.
 */
record Register(
        @NotBlank @Size(max = 254) @Email(regexp = Register.EMAIL)
        String email,

        @NotNull @Size(min = 8, max = 128) String password,
        @NotBlank @Size(max = 100) String name) {

    /** One @, no spaces, a dot in the domain: stricter than {@code @Email} alone, which accepts "a@b". */
    static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

    @Override
    public String toString() {
        return "Register[email=" + email + ", name=" + name + "]"; // never the password
    }
}
