package dev.bulkhead.devstack.apps;

import java.nio.file.Path;
import java.util.Optional;

/** One Bulkhead application as the dev stack runs it. */
public record Service(String name, String module, int port, Optional<String> database, int heapMegabytes) {

    /** The executable jar Maven builds: {@code <module>/target/<module>-<version>.jar}. */
    public Path jar(Path root, String version) {
        return root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
    }

    /** The edge of the system: every request crosses it, so it runs as a hot path (see JvmFlags). */
    public boolean edge() {
        return name.equals("gateway");
    }
}
