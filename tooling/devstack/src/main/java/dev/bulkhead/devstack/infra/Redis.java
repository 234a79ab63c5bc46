package dev.bulkhead.devstack.infra;

import dev.bulkhead.devstack.procs.Children;
import dev.bulkhead.devstack.procs.Stopping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Redis: the one on the port if it answers, else {@code redis-server} from PATH (nothing persisted), else none. */
public final class Redis {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private Redis() {}

    public static Component provide(int port, Path log) throws IOException, InterruptedException {
        if (Ports.isOpen(port)) {
            return new Found("redis", port, "local server");
        }
        var server = onPath("redis-server");
        if (server.isEmpty()) {
            return new Found("redis", port, "not available");
        }
        var process = Children.start(
                List.of(
                        server.get().toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no"),
                Map.of(),
                log.getParent(),
                log);
        if (!Ports.await(() -> Ports.isOpen(port) || !process.isAlive(), START_TIMEOUT) || !process.isAlive()) {
            Stopping.stop(process.toHandle(), Duration.ofSeconds(2));
            return new Found("redis", port, "not available (redis-server did not start, see " + log + ")");
        }
        return new Started("redis", port, "started (not persisted)", process.toHandle(), Duration.ofSeconds(5));
    }

    static Optional<Path> onPath(String command) {
        var path = System.getenv().getOrDefault("PATH", "");
        for (var dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            var candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
