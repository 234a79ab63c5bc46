package dev.bulkhead.user.profile;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;
import java.util.Set;

/**
 * What the owner of a profile may change: name and address, nothing else. A field left out stays as
 * it is. {@link #WRITABLE} is the whole list, so a new field is writable only once it is named here.
 */
record ChangeProfile(
        @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String newName,

        @Valid Address newAddress) {

    static final Set<String> WRITABLE = Set.of("name", "address");
    static final Set<String> WRITABLE_ADDRESS = Set.of("line1", "line2", "city", "postalCode", "country");

    Optional<String> name() {
        return Optional.ofNullable(newName);
    }

    Optional<Address> address() {
        return Optional.ofNullable(newAddress);
    }
}
