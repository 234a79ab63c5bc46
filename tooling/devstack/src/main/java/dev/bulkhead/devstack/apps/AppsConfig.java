package dev.bulkhead.devstack.apps;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run the applications: where the repository and .bulkhead/ are, which java, the jars'
 * version, whether to use AOT caches, the JDBC URL prefix and the environment every app shares.
 */
public record AppsConfig(
        Path root,
        Path home,
        Path java,
        String version,
        boolean aot,
        String jdbcBase,
        Map<String, String> sharedEnvironment) {}
