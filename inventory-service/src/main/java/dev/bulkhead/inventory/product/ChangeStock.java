package dev.bulkhead.inventory.product;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** An admin adds units (a delivery, positive) or removes them (shrinkage, negative) from the available stock. */
record ChangeStock(
        @NotNull @Min(-Product.MAX_STOCK) @Max(Product.MAX_STOCK)
        Integer delta) {}
