package dev.bulkhead.auth.account;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Checks an email and password; the same failure, after the same work, whichever of the two is wrong. */
@Service
public class Credentials {

    private final Accounts accounts;
    private final PasswordHashing hashing;
    private final LoginBackOff backOff;

    Credentials(Accounts accounts, PasswordHashing hashing, LoginBackOff backOff) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.backOff = backOff;
    }

    /**
     * Not one transaction: a failure must be counted even though the check then throws.
     *
     * @throws InvalidCredentials for an unknown email or a wrong password, indistinguishably
     * @throws TooManyFailedLogins while the email backs off after failed logins, known or not
     */
    public AccountView verify(String email, String password) {
        String normalized = Account.normalize(email);
        backOff.checkAllowed(normalized);
        Optional<Account> account = accounts.findByEmail(normalized);
        if (account.isEmpty()) {
            hashing.matchNothing(password);
            backOff.failed(normalized);
            throw new InvalidCredentials();
        }
        if (!hashing.matches(password, account.get().passwordHash())) {
            backOff.failed(normalized);
            throw new InvalidCredentials();
        }
        backOff.succeeded(normalized);
        return account.get().view();
    }

    @Transactional(readOnly = true)
    public Optional<AccountView> find(UUID id) {
        return accounts.findById(id).map(Account::view);
    }
}
