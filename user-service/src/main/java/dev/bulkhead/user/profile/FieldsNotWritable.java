package dev.bulkhead.user.profile;

import java.util.List;

/** A change that names fields its sender may not write (id, email, roles ...): no mass assignment. */
public class FieldsNotWritable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> fields;

    FieldsNotWritable(List<String> fields) {
        super("Not writable: " + String.join(", ", fields) + ". Writable fields are name and address ("
                + String.join(
                        ", ", ChangeProfile.WRITABLE_ADDRESS.stream().sorted().toList()) + ").");
        this.fields = List.copyOf(fields);
    }

    public List<String> fields() {
        return fields;
    }
}
