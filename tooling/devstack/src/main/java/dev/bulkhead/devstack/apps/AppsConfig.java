package dev.bulkhead.devstack.apps;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run the applications: where the repository and .bulkhead/ are, which java, the jars'
 * version, whether to use AOT caches, the JDBC URL prefix, the environment every app shares and what
 * only the gateway is told (the console's control endpoint and its secret).
 */
public record AppsConfig(
        Path root,
        Path home,
        Path java,
        String version,
        boolean aot,
        String jdbcBase,
        Map<String, String> sharedEnvironment,
        Map<String, String> gatewayEnvironment) {}
