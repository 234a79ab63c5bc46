package dev.bulkhead.order.web;

import io.swagger.v3.oas.models.Paths;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.RequestPath;
import org.springframework.web.servlet.config.annotation.ApiVersionConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Spring Framework 7's API versioning, used for the orders resource: {@code GET /api/v2/orders/{id}}
 * and {@code GET /api/v1/orders/{id}} with {@code API-Version: 2} both pick the
 * {@code @GetMapping(version = "2")} handler.
 *
 * <p>Configured here rather than with {@code spring.mvc.apiversion.*}: the path-segment resolver
 * must be limited to the versioned paths. Unlimited, it reads segment 1 of <em>every</em> request
 * ({@code /v3/api-docs} → "api-docs", {@code /error} → none) and answers 400, because a path resolver
 * never yields; the properties cannot express the limit, {@link ApiVersionConfigurer#usePathSegment(int,
 * java.util.function.Predicate)} can. The header is consulted first, so it can ask for v2 on a v1
 * path; requests that name no version get 1, and mappings without a version (POST, the list, the
 * actuator) answer every supported version. An unsupported or unreadable version is a 400.
 */
@Configuration(proxyBeanMethods = false)
class ApiVersioning implements WebMvcConfigurer {

    static final String HEADER = "API-Version";

    /** Where the path carries the version: {@code /api/v1/orders...}, {@code /api/v2/orders...}. */
    private static final PathPattern VERSIONED = PathPatternParser.defaultInstance.parse("/api/{version}/orders/**");

    @Override
    public void configureApiVersioning(ApiVersionConfigurer configurer) {
        configurer
                .useRequestHeader(HEADER)
                .usePathSegment(1, ApiVersioning::isVersioned)
                .addSupportedVersions("1", "2")
                .setDefaultVersion("1");
    }

    /**
     * The OpenAPI document publishes the paths clients call, {@code /api/v1/orders/{id}}: springdoc
     * writes the bare supported version into {@code {version}} ({@code /api/1/orders/{id}}), which the
     * gateway does not route and the README never shows.
     */
    @Bean
    OpenApiCustomizer versionedPathsAsClientsCallThem() {
        return openApi -> {
            if (openApi.getPaths() == null) return;
            Paths paths = new Paths();
            openApi.getPaths()
                    .forEach((path, item) -> paths.addPathItem(path.replaceFirst("^/api/(\\d+)/", "/api/v$1/"), item));
            openApi.setPaths(paths);
        };
    }

    static boolean isVersioned(RequestPath path) {
        return VERSIONED.matches(path.pathWithinApplication());
    }
}
