package dev.bulkhead.devstack.infra;

import dev.bulkhead.devstack.procs.Children;
import dev.bulkhead.localservers.LocalPorts;
import dev.bulkhead.localservers.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Redis: the one on the port if it answers, else {@code redis-server} from PATH (nothing persisted), else none. */
public final class Redis {

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private Redis() {}

    public static Component provide(int port, Path log) throws InterruptedException {
        if (LocalPorts.isOpen(port)) {
            return new Found("redis", port, "local server");
        }
        var executable = RedisServer.onPath();
        if (executable.isEmpty()) {
            return new Found("redis", port, "not available");
        }
        try {
            // In its own session like every child, so a Ctrl-C reaches only the launcher.
            var server = RedisServer.start(
                    command -> Children.start(command, Map.of(), log.getParent(), log),
                    executable.get().toString(),
                    port,
                    log,
                    RedisServer.START_TIMEOUT);
            return new Started(
                    "redis", port, "started (not persisted)", server.process().toHandle(), STOP_GRACE);
        } catch (IOException e) {
            return new Found("redis", port, "not available (redis-server did not start, see " + log + ")");
        }
    }
}
