package dev.bulkhead.inventory.product;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** An admin adds a product to the catalogue; its id is chosen by the service. */
record CreateProduct(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @NotNull @Valid ApiMoney price,
        @NotNull @PositiveOrZero @Max(Product.MAX_STOCK) Integer stock) {}
