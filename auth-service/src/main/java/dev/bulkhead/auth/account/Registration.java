package dev.bulkhead.auth.account;

import dev.bulkhead.resilience.outbox.Outbox;
import java.time.Clock;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Use case: create an account and announce it (UserRegistered) in the same local transaction. */
@Service
class Registration {

    private final Accounts accounts;
    private final PasswordHashing hashing;
    private final Outbox outbox;
    private final Clock clock;

    Registration(Accounts accounts, PasswordHashing hashing, Outbox outbox, Clock clock) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public AccountView register(Register command, Set<Role> roles) {
        if (accounts.findByEmail(Account.normalize(command.email())).isPresent()) {
            throw new EmailAlreadyRegistered();
        }
        Account account = Account.register(
                command.email(), command.name(), hashing.hash(command.password()), roles, clock.instant());
        try {
            account = accounts.save(account);
        } catch (DuplicateKeyException e) { // a concurrent registration won the unique index
            throw new EmailAlreadyRegistered();
        }
        outbox.append(
                UserRegistered.TOPIC,
                UserRegistered.TYPE,
                UserRegistered.VERSION,
                account.id().toString(),
                UserRegistered.of(account));
        return account.view();
    }
}
