package dev.bulkhead.order.order;

import java.util.Set;

/** The products of one order are priced in different currencies; an order has one total. */
public class MixedCurrencies extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MixedCurrencies(Set<String> currencies) {
        super("The products are priced in different currencies ("
                + String.join(", ", currencies.stream().sorted().toList()) + "); place one order per currency.");
    }
}
