package dev.bulkhead.auth.account;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

/** The accounts repository. */
interface Accounts extends CrudRepository<Account, UUID> {

    @Query("SELECT * FROM account WHERE lower(email) = lower(:email)")
    Optional<Account> findByEmail(String email);
}
