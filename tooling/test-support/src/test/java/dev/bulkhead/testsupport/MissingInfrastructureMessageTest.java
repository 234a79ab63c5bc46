package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.localservers.LocalPorts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MissingInfrastructureMessageTest {

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAnythingStarted() throws Exception {
        for (AutoCloseable stop : started) {
            stop.close();
        }
    }

    @Test
    void namesHowToProvidePostgresInOneLineWhenNothingCanRunIt() throws IOException {
        var nothing = provisioner(LocalPorts.free(), "redis-server");

        assertThatThrownBy(() -> nothing.postgres(started::add))
                .isInstanceOf(InfrastructureUnavailableException.class)
                .hasMessageNotContaining("\n")
                .hasMessageStartingWith("No Postgres: start one on localhost:")
                .hasMessageContaining("install Docker")
                .hasMessageContaining("let embedded Postgres download its binaries")
                .hasMessageContaining("no binaries for this platform");
    }

    @Test
    void namesHowToProvideRedisInOneLineWhenNothingCanRunIt() throws IOException {
        var nothing = provisioner(LocalPorts.free(), "bulkhead-no-such-redis-server");

        assertThatThrownBy(() -> nothing.redis(started::add))
                .isInstanceOf(InfrastructureUnavailableException.class)
                .hasMessageNotContaining("\n")
                .hasMessageStartingWith("No Redis: start one on localhost:")
                .hasMessageContaining("put redis-server on the PATH, or install Docker");
    }

    @Test
    void keepsAMultiLineCauseToItsFirstLine() {
        var cause = new IllegalStateException("first line\n\tat some.Frame\nmore");

        var failure = new InfrastructureUnavailableException(
                "No Kafka: " + InfrastructureUnavailableException.brief(cause) + ": install Docker", cause);

        assertThat(failure.getMessage()).isEqualTo("No Kafka: first line: install Docker");
    }

    private static LocalProvisioner provisioner(int closedPort, String redisServer) {
        return new LocalProvisioner(
                Settings.of(Map.of()),
                RunId.next(java.time.Instant.now()),
                "localhost",
                closedPort,
                "localhost",
                closedPort,
                redisServer,
                onExit -> {
                    throw new IOException("no binaries for this platform");
                });
    }
}
