package dev.bulkhead.localservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisServerIT {

    @TempDir
    Path dir;

    private static String redisServer() {
        return RedisServer.onPath()
                .map(Path::toString)
                .orElseGet(() -> fail("redis-server is not on the PATH: install it (apt-get install redis-server,"
                        + " brew install redis) and run this test again"));
    }

    @Test
    void startsAServerThatAnswersPingAndStopsIt() throws Exception {
        int port = LocalPorts.free();
        var log = dir.resolve("redis.log");

        try (var server = RedisServer.start(redisServer(), port, log)) {
            assertThat(server.port()).isEqualTo(port);
            assertThat(RedisServer.answersPing("127.0.0.1", port)).isTrue();
            assertThat(server.process().isAlive()).isTrue();
            server.close();
            assertThat(server.process().isAlive()).isFalse();
        }
        assertThat(LocalPorts.isOpen(port)).isFalse();
        assertThat(Files.readString(log)).contains("Ready to accept connections");
    }

    @Test
    void saysWhyWhenTheServerExitsAtOnce() throws Exception {
        int port = LocalPorts.free();
        var log = dir.resolve("redis.log");

        assertThatThrownBy(() -> RedisServer.start(
                        command -> new ProcessBuilder(command.getFirst(), "--port", "not-a-port")
                                .redirectErrorStream(true)
                                .redirectOutput(log.toFile())
                                .start(),
                        redisServer(),
                        port,
                        log,
                        Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited with code 1 on port " + port)
                .hasMessageEndingWith("see " + log);
    }

    @Test
    void somethingElseOnThePortIsNotARedisServer() throws Exception {
        try (var other = new java.net.ServerSocket(0)) {
            assertThat(RedisServer.answersPing("127.0.0.1", other.getLocalPort()))
                    .isFalse();
        }
    }
}
