package dev.bulkhead.order.order;

import java.util.List;

/** An order request that breaks a rule bean validation cannot express (a product listed twice). */
public class InvalidOrder extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    InvalidOrder(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
