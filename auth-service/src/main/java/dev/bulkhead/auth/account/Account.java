package dev.bulkhead.auth.account;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** The aggregate: someone who can log in. Its email is unique whatever its case. */
@Table("account")
class Account {

    @Id
    private final UUID id;

    private final String email;
    private final String name;
    private final String passwordHash;
    private final String roles;
    private final Instant registeredAt;

    @Version
    private final Long version;

    @PersistenceCreator
    Account(UUID id, String email, String name, String passwordHash, String roles, Instant registeredAt, Long version) {
        this.id = id;
        this.email = email;
        this.name = name;
        this.passwordHash = passwordHash;
        this.roles = roles;
        this.registeredAt = registeredAt;
        this.version = version;
    }

    static Account register(String email, String name, String passwordHash, Set<Role> roles, Instant now) {
        String joined = roles.stream().sorted().map(Role::name).collect(Collectors.joining(","));
        return new Account(UUID.randomUUID(), normalize(email), name.strip(), passwordHash, joined, now, null);
    }

    /** The canonical form an address is stored and looked up in. */
    static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    UUID id() {
        return id;
    }

    String email() {
        return email;
    }

    String name() {
        return name;
    }

    String passwordHash() {
        return passwordHash;
    }

    Instant registeredAt() {
        return registeredAt;
    }

    Set<Role> roles() {
        Set<Role> result = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(",")).map(String::strip).map(Role::valueOf).forEach(result::add);
        return result;
    }

    AccountView view() {
        return new AccountView(id, email, name, roles());
    }
}
