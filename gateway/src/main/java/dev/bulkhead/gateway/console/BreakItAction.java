package dev.bulkhead.gateway.console;

import jakarta.validation.constraints.NotBlank;

/**
 * A break-it action as the page sends it.
 *
 * @param target an instance ({@code order}, {@code order-2}), {@code payment-provider} or {@code redis}
 * @param action {@code freeze}, {@code unfreeze}, {@code kill}, {@code restart}, {@code slow}, {@code fail},
 *     {@code restore} or {@code cut}: which apply depends on the target's state, the launcher says
 */
record BreakItAction(@NotBlank String target, @NotBlank String action) {}
