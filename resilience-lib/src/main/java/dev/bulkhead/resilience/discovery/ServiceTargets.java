package dev.bulkhead.resilience.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where each Bulkhead service answers: {@code bulkhead.services.<name>} (environment
 * {@code BULKHEAD_SERVICES_<NAME>}) is one base URL or a comma-separated list of them, e.g.
 * {@code http://localhost:8085,http://localhost:9085}. One URL (a Kubernetes Service, a compose
 * service name) is a list of one. Every entry must be an absolute {@code http} or {@code https} URL
 * with a host and nothing after it but an optional {@code /}; anything else stops start-up with a
 * message that names the property and the entry.
 */
public final class ServiceTargets {

    /** Prefix of the per-service lists. */
    public static final String PREFIX = "bulkhead.services";

    /** A service's name is the host of {@code lb://<name>}: a DNS label. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private final Map<String, List<URI>> targets;

    private ServiceTargets(Map<String, List<URI>> targets) {
        this.targets = targets;
    }

    /**
     * @param configured {@code bulkhead.services.*} as bound: service name to its list
     * @return the parsed lists
     * @throws IllegalArgumentException naming the property and the entry that is not a base URL
     */
    public static ServiceTargets parse(Map<String, String> configured) {
        Map<String, List<URI>> targets = new LinkedHashMap<>();
        configured.forEach((name, value) -> {
            String service = name.toLowerCase(Locale.ROOT);
            if (!NAME.matcher(service).matches()) {
                throw new IllegalArgumentException(PREFIX + "." + name
                        + ": a service name must be a DNS label (letters, digits, '-'), since it is the host of lb://"
                        + name);
            }
            targets.put(service, List.copyOf(parseList(service, value)));
        });
        return new ServiceTargets(Map.copyOf(targets));
    }

    /**
     * @param service a service name, e.g. {@code inventory}
     * @return its base URLs in the configured order; empty if it is not configured
     */
    public List<URI> of(String service) {
        return targets.getOrDefault(service.toLowerCase(Locale.ROOT), List.of());
    }

    /** @return the names of the configured services */
    public Set<String> services() {
        return targets.keySet();
    }

    static List<URI> parseList(String service, String value) {
        String property = PREFIX + "." + service + " (" + "BULKHEAD_SERVICES_"
                + service.toUpperCase(Locale.ROOT).replace('-', '_') + ")";
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " is empty: give one base URL or a comma-separated list, "
                    + "e.g. http://localhost:8085,http://localhost:9085");
        }
        List<URI> urls = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String entry : value.split(",", -1)) {
            String trimmed = entry.strip();
            URI url = baseUrl(property, trimmed);
            String key = url.getScheme() + "://" + url.getHost() + ":" + port(url);
            if (!seen.add(key)) {
                throw new IllegalArgumentException(property + " lists " + trimmed + " twice: each instance once");
            }
            urls.add(url);
        }
        return urls;
    }

    private static URI baseUrl(String property, String entry) {
        String problem;
        if (entry.isEmpty()) {
            problem = "an empty entry (two commas, or one at either end)";
        } else {
            try {
                URI url = new URI(entry);
                problem = problemWith(url);
                if (problem == null) {
                    return URI.create(url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority());
                }
            } catch (URISyntaxException e) {
                problem = "not a URL (" + e.getReason() + ")";
            }
        }
        throw new IllegalArgumentException(property + " must be one base URL or a comma-separated list of them "
                + "(e.g. http://localhost:8085,http://localhost:9085); '" + entry + "' is " + problem);
    }

    private static String problemWith(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return "not an http:// or https:// URL";
        }
        if (url.getHost() == null) {
            return "missing a host";
        }
        if (url.getRawUserInfo() != null) {
            return "carrying credentials, which do not belong in a service address";
        }
        String path = url.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            return "more than a base URL: callers add the path";
        }
        return null;
    }

    /** @return the URL's port, or its scheme's default */
    public static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString() {
        return targets.toString();
    }
}
