package dev.bulkhead.inventory.product;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * An admin replaces what describes a product (PUT: a description left out is removed). Stock is not
 * here: it changes by deltas ({@link ChangeStock}), so two admins adding units never overwrite each other.
 */
record ChangeProduct(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @NotNull @Valid ApiMoney price) {}
