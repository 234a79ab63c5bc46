package dev.bulkhead.deploymentcheck.observability;

import dev.bulkhead.deploymentcheck.compose.Compose;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compose service's environment with its hosts moved to this machine: every {@code service:port} and
 * every bare service name is replaced by where the test runs that thing, or by a closed port for what the
 * test does not run. Anything left pointing at a compose host fails, so no address slips through unseen.
 */
final class LocalEnvironment {

    private static final Pattern HOST_PORT = Pattern.compile("(?<![\\w.-])([a-z][a-z0-9-]*):(\\d+)\\b");

    private LocalEnvironment() {}

    /**
     * @param environment the compose environment
     * @param endpoints compose service → {@code host:port} on this machine
     * @param closed a port nothing listens on, for services the test does not run
     */
    static Map<String, String> of(
            Compose compose, Map<String, String> environment, Map<String, String> endpoints, int closed) {
        var hosts = compose.services().keySet();
        var local = new LinkedHashMap<String, String>();
        environment.forEach((name, value) -> {
            if (hosts.contains(value)) {
                String endpoint = endpoints.getOrDefault(value, "127.0.0.1:" + closed);
                local.put(name, endpoint.substring(0, endpoint.lastIndexOf(':')));
                return;
            }
            Matcher matcher = HOST_PORT.matcher(value);
            var out = new StringBuilder();
            while (matcher.find()) {
                String host = matcher.group(1);
                String replacement =
                        !hosts.contains(host) ? matcher.group() : endpoints.getOrDefault(host, "127.0.0.1:" + closed);
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            local.put(name, out.toString());
        });
        return local;
    }
}
