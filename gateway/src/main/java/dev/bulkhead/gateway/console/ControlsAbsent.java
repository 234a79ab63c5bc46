package dev.bulkhead.gateway.console;

import dev.bulkhead.gateway.errors.GatewayRefusal;
import org.springframework.http.HttpStatus;

/** No launcher to forward to: compose, Kubernetes, or a gateway started alone. 404, with the reason. */
final class ControlsAbsent extends GatewayRefusal {

    ControlsAbsent() {
        super(
                HttpStatus.NOT_FOUND,
                "The break-it controls exist only in the dev stack (./bulkhead up): this gateway was not"
                        + " started by its launcher, so there is nothing to freeze or kill from here.");
    }
}
