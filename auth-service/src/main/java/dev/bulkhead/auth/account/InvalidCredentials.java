package dev.bulkhead.auth.account;

/** Wrong email or wrong password: deliberately one failure, so that it never says which. */
public class InvalidCredentials extends RuntimeException {

    InvalidCredentials() {
        super("The email or the password is wrong");
    }
}
