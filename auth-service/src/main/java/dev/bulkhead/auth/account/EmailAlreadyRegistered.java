package dev.bulkhead.auth.account;

/** Registration with an address (in any letter case) that already has an account. */
public class EmailAlreadyRegistered extends RuntimeException {

    EmailAlreadyRegistered() {
        super("An account with this email already exists");
    }
}
