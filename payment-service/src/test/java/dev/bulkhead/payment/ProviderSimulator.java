package dev.bulkhead.payment;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The payment provider in-process: a WireMock server on a free port serving the very mapping files
 * the dev stack's standalone WireMock serves ({@code tooling/payment-provider}). Response templating
 * is on for stubs that name the {@code response-template} transformer (WireMock 3's default).
 */
final class ProviderSimulator {

    static final String ROOT = "tooling/payment-provider";

    private ProviderSimulator() {}

    static WireMockServer start() {
        WireMockServer server = new WireMockServer(
                options().dynamicPort().bindAddress("127.0.0.1").usingFilesUnderDirectory(root().toString()));
        server.start();
        return server;
    }

    /** {@code tooling/payment-provider} of the repository, found from the module directory upwards. */
    static Path root() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            Path candidate = directory.resolve(ROOT);
            if (Files.isDirectory(candidate.resolve("mappings"))) {
                return candidate;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException(
                "No " + ROOT + "/mappings above " + Path.of("").toAbsolutePath());
    }
}
