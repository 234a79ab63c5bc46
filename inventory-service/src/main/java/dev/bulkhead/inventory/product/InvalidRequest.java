package dev.bulkhead.inventory.product;

import java.util.List;

/** Query parameters that break the rules (a page size over the limit, an id that is no UUID ...). */
public class InvalidRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    InvalidRequest(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
