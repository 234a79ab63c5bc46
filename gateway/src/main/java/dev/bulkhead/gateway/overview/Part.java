package dev.bulkhead.gateway.overview;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * One part of the overview: the downstream's answer, or why it is missing. {@code reason} names
 * the failure in words a client can show (timeout, unavailable, status), never an exception.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Part(boolean available, JsonNode data, String reason) {

    static Part of(JsonNode data) {
        return new Part(true, data, null);
    }

    static Part missing(String reason) {
        return new Part(false, null, reason);
    }
}
