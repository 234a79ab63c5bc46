package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.fail;

import dev.bulkhead.localservers.RedisServer;
import java.nio.file.Path;

/** A redis-server of the chaos run's own, on a free port, to kill and start again (it keeps nothing on disk). */
final class PrivateRedis implements AutoCloseable {

    private final Path executable;
    private final int port;
    private final Path log;
    private RedisServer server;

    private PrivateRedis(Path executable, int port, Path log) {
        this.executable = executable;
        this.port = port;
        this.log = log;
    }

    static PrivateRedis start(int port, Path log) throws Exception {
        var executable = RedisServer.onPath()
                .orElseGet(() -> fail("No redis-server on PATH: install it with `apt-get install redis-server`."));
        var redis = new PrivateRedis(executable, port, log);
        redis.start();
        return redis;
    }

    int port() {
        return port;
    }

    void start() throws Exception {
        server = RedisServer.start(executable.toString(), port, log);
    }

    /** SIGKILL: every client sees its connections reset, then refused. */
    void kill() throws Exception {
        server.process().destroyForcibly().waitFor();
    }

    @Override
    public void close() throws Exception {
        if (server != null && server.process().isAlive()) kill();
    }
}
