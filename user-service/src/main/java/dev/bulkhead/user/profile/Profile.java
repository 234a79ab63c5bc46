package dev.bulkhead.user.profile;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

/** The profile aggregate: who a user is to the rest of Bulkhead. Its id is the user's id. */
@Table("profile")
public class Profile {

    @Id
    private final UUID id;

    private final String email;
    private String name;

    @Embedded.Nullable(prefix = "address_")
    private Address address;

    private final Instant registeredAt;
    private Instant updatedAt;

    @Version
    private Long version;

    Profile(
            UUID id,
            String email,
            String name,
            Address address,
            Instant registeredAt,
            Instant updatedAt,
            Long version) {
        this.id = id;
        this.email = email;
        this.name = name;
        this.address = address;
        this.registeredAt = registeredAt;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /** The profile of a user who has just registered with auth-service. */
    public static Profile registered(UUID userId, String email, String name, Instant at) {
        return new Profile(
                Objects.requireNonNull(userId),
                Objects.requireNonNull(email),
                Objects.requireNonNull(name),
                null,
                at,
                at,
                null);
    }

    /** Applies the owner's change; returns whether anything actually changed. */
    boolean change(ChangeProfile change, Instant at) {
        String newName = change.name().orElse(name);
        Address newAddress = change.address().orElse(address);
        if (Objects.equals(newName, name) && Objects.equals(newAddress, address)) {
            return false;
        }
        name = newName;
        address = newAddress;
        updatedAt = at;
        return true;
    }

    public UUID id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String name() {
        return name;
    }

    public Address address() {
        return address;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
