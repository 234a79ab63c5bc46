package dev.bulkhead.inventory.product;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Money as the v1 API writes and reads it: {@code {"amount":"12.50","currency":"EUR"}}. The amount is
 * a string, so no client ever parses a price into a binary floating-point number.
 */
record ApiMoney(
        @NotNull
        @Pattern(
                regexp = "(0|[1-9][0-9]{0,8})(\\.[0-9]{1,2})?",
                message = "must be a decimal with at most two places, such as 12.50")
        String amount,

        @NotNull @Pattern(regexp = Price.CATALOGUE_CURRENCY, message = "must be " + Price.CATALOGUE_CURRENCY)
        String currency) {

    static ApiMoney of(Price price) {
        return new ApiMoney(price.amount(), price.currency());
    }

    Price toPrice() {
        return Price.parse(amount, currency);
    }
}
