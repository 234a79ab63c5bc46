package dev.bulkhead.devstack.control;

import java.util.List;

/**
 * Something the console can break, as the endpoint lists it.
 *
 * @param name the instance name ({@code order}, {@code order-2}), {@code payment-provider} or {@code redis}
 * @param kind {@code instance}, {@code payment-provider} or {@code redis}
 * @param state what it is now: {@code running}, {@code frozen}, {@code killed}, {@code normal}, {@code slow},
 *     {@code failing}, {@code connected}, {@code cut} or {@code unavailable}
 * @param actions what may be done to it now, the undo of the last action among them
 * @param reason why it has no actions, when it has none; else empty
 */
record Target(String name, String kind, String state, List<String> actions, String reason) {

    Target {
        actions = List.copyOf(actions);
    }

    static Target of(String name, String kind, String state, String... actions) {
        return new Target(name, kind, state, List.of(actions), "");
    }

    static Target unavailable(String name, String kind, String reason) {
        return new Target(name, kind, "unavailable", List.of(), reason);
    }

    String json() {
        return "{\"name\":" + Json.string(name) + ",\"kind\":" + Json.string(kind) + ",\"state\":" + Json.string(state)
                + ",\"actions\":["
                + String.join(",", actions.stream().map(Json::string).toList()) + "]"
                + ",\"reason\":" + Json.string(reason) + "}";
    }
}
