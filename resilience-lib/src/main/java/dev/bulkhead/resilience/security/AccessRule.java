package dev.bulkhead.resilience.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;

/**
 * One entry of {@code bulkhead.security.public-paths} or {@code admin-paths}: optional HTTP methods,
 * then a Spring path pattern, e.g. {@code POST|PUT /api/v1/products/**} or {@code /api/v1/admin/**}
 * (any method).
 *
 * @param methods the methods it applies to; empty means every method
 * @param pattern a {@code PathPattern}, starting with {@code /}
 */
public record AccessRule(Set<HttpMethod> methods, String pattern) {

    private static final Set<HttpMethod> KNOWN = Set.of(HttpMethod.values());

    public AccessRule {
        methods = Set.copyOf(methods);
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("path pattern must start with '/': " + pattern);
        }
        for (HttpMethod method : methods) {
            if (!KNOWN.contains(method)) {
                throw new IllegalArgumentException("unknown HTTP method " + method + " before " + pattern);
            }
        }
    }

    /**
     * Parses {@code "[METHOD[|METHOD...]] /pattern"}.
     *
     * @param rule the text of the rule
     * @return the rule
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static AccessRule parse(String rule) {
        String[] parts = rule.trim().split("\\s+");
        return switch (parts.length) {
            case 1 -> new AccessRule(Set.of(), parts[0]);
            case 2 ->
                new AccessRule(
                        Arrays.stream(parts[0].split("\\|"))
                                .map(method -> HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)))
                                .collect(Collectors.toSet()),
                        parts[1]);
            default -> throw new IllegalArgumentException("expected '[METHOD|...] /pattern', got '" + rule + "'");
        };
    }

    /** @return true if the rule applies to every HTTP method */
    public boolean anyMethod() {
        return methods.isEmpty();
    }
}
