package dev.bulkhead.gateway.console;

import dev.bulkhead.gateway.errors.GatewayRefusal;
import org.springframework.http.HttpStatus;

/** The launcher refused an action (unknown target: 404, not possible now: 409) or did not answer (502). */
final class ControlRefused extends GatewayRefusal {

    ControlRefused(HttpStatus status, String detail) {
        super(status, detail);
    }
}
