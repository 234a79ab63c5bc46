package dev.bulkhead.inventory.catalogue;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Whether and from where an empty catalogue is filled at start ({@code bulkhead.inventory.catalogue.*}).
 *
 * @param seedWhenEmpty load the catalogue into an empty product table; off by default, so no
 *     environment but the dev stack (which switches it on) ever sells demo products
 * @param location a Spring resource location of the catalogue file
 */
@ConfigurationProperties("bulkhead.inventory.catalogue")
@Validated
record CatalogueSettings(
        @DefaultValue("false") boolean seedWhenEmpty,

        @NotBlank @DefaultValue(CatalogueSettings.DEFAULT_LOCATION)
        String location) {

    /** The demo catalogue shipped in the jar; README and the dev-stack tests name its product ids. */
    static final String DEFAULT_LOCATION = "classpath:catalogue/demo.json";
}
