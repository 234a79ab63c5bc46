package dev.bulkhead.user.profile;

import java.util.List;

/** A change whose values break the rules (blank name, country that is no ISO code ...). */
public class InvalidProfileChange extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    InvalidProfileChange(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
