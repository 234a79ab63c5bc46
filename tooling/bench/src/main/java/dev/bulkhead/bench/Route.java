package dev.bulkhead.bench;

import dev.bulkhead.bench.load.HttpTarget;
import java.util.Optional;

/**
 * A measured route and the service behind it.
 *
 * @param name products or users
 * @param path what is requested
 * @param service the dev-stack application behind it (its name in the stack's state file)
 * @param servicePort where that service answers directly
 * @param authenticated whether the request carries the bench user's bearer token
 * @param prefix the path prefix nginx forwards to the service
 */
record Route(String name, String path, String service, int servicePort, boolean authenticated, String prefix) {

    HttpTarget via(String target, int port, String token) {
        return new HttpTarget(target, port, path, authenticated ? Optional.of(token) : Optional.empty());
    }
}
