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

    Credentials(Accounts accounts, PasswordHashing hashing) {
        this.accounts = accounts;
        this.hashing = hashing;
    }

    /** @throws InvalidCredentials for an unknown email or a wrong password, indistinguishably */
    @Transactional(readOnly = true)
    public AccountView verify(String email, String password) {
        Optional<Account> account = accounts.findByEmail(Account.normalize(email));
        if (account.isEmpty()) {
            hashing.matchNothing(password);
            throw new InvalidCredentials();
        }
        if (!hashing.matches(password, account.get().passwordHash())) {
            throw new InvalidCredentials();
        }
        return account.get().view();
    }

    @Transactional(readOnly = true)
    public Optional<AccountView> find(UUID id) {
        return accounts.findById(id).map(Account::view);
    }
}
