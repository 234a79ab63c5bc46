package dev.bulkhead.user.profile;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A postal address; every part optional, because users fill it in over time. */
public record Address(
        @Size(max = 200) String line1,
        @Size(max = 200) String line2,
        @Size(max = 100) String city,
        @Size(max = 20) String postalCode,

        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as DE")
        String country) {

    static final Address NONE = new Address(null, null, null, null, null);
}
