package dev.bulkhead.gateway.limits;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.gateway.*}: what a client may send.
 *
 * @param maxBodySize the largest request body forwarded; larger ones, declared or chunked, get 413
 */
@ConfigurationProperties("bulkhead.gateway")
@Validated
record GatewayLimits(
        @NotNull @DefaultValue(GatewayLimits.DEFAULT_MAX_BODY_SIZE)
        DataSize maxBodySize) {

    /** Every Bulkhead request is a small JSON document; a megabyte is generous and cheap to buffer. */
    static final String DEFAULT_MAX_BODY_SIZE = "1MB";

    GatewayLimits {
        if (maxBodySize != null && (maxBodySize.toBytes() <= 0 || maxBodySize.toBytes() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(
                    "bulkhead.gateway.max-body-size must be between 1 byte and 2 GB, was " + maxBodySize);
        }
    }
}
