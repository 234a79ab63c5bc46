package dev.bulkhead.devstack.apps;

import dev.bulkhead.devstack.procs.Children;
import dev.bulkhead.devstack.state.Home;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JDK AOT cache (JEP 483/514) per application jar: classes loaded and linked, and method profiles,
 * from a training run that stops once the Spring context is refreshed. The cache cannot read nested
 * jars, so the Boot jar is extracted first ({@code -Djarmode=tools extract}). Built once per jar
 * version into {@code .bulkhead/aot/<service>/<version key>/}; older versions are removed.
 */
final class AotCache {

    private static final String APP_JAR = "app.jar";
    private static final String CACHE = "app.aot";

    private final Path aotRoot;
    private final Path java;

    AotCache(Path aotRoot, Path java) {
        this.aotRoot = aotRoot;
        this.java = java;
    }

    boolean isBuilt(Service service, Path jar) {
        return Files.isRegularFile(cache(service, jar));
    }

    /** The command line that runs the application from its cache (which must exist). */
    List<String> command(Service service, Path jar, List<String> flags) {
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(flags);
        command.add("-XX:AOTCache=" + cache(service, jar));
        command.add("-jar");
        command.add(extractedJar(service, jar).toString());
        return command;
    }

    /** Extracts the jar and runs the training run; true if the cache was written. */
    boolean build(Service service, Path jar, List<String> flags, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        var dir = versionDir(service, jar);
        Home.deleteTree(aotRoot.resolve(service.name()));
        Files.createDirectories(dir);
        Files.deleteIfExists(log);
        int extracted = Children.run(
                List.of(
                        java.toString(),
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--destination",
                        dir.resolve("app").toString(),
                        "--application-filename",
                        APP_JAR),
                Map.of(),
                dir,
                log);
        if (extracted != 0) {
            return false;
        }
        var cache = dir.resolve(CACHE); // not cache(service, jar): the jar may be rebuilt meanwhile
        var partial = dir.resolve(CACHE + ".partial"); // renamed when complete: a killed run leaves no cache
        var training = new ArrayList<String>();
        training.add(java.toString());
        training.addAll(flags);
        training.add("-Xlog:aot=error"); // not one warning per class it cannot store (signed jars, proxies)
        training.add("-XX:AOTCacheOutput=" + partial);
        training.add("-Dspring.context.exit=onRefresh"); // refresh the context, start nothing, exit
        training.add("-jar");
        training.add(dir.resolve("app").resolve(APP_JAR).toString());
        int trained = Children.run(training, env, dir, log);
        if (trained != 0 || !Files.isRegularFile(partial)) {
            Files.deleteIfExists(partial);
            return false;
        }
        Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private Path cache(Service service, Path jar) {
        return versionDir(service, jar).resolve(CACHE);
    }

    private Path extractedJar(Service service, Path jar) {
        return versionDir(service, jar).resolve("app").resolve(APP_JAR);
    }

    /** A jar with new content gets a new directory; a byte-identical rebuild keeps its cache. */
    private Path versionDir(Service service, Path jar) {
        return aotRoot.resolve(service.name()).resolve(versionKey(jar));
    }

    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

    /** Far longer than the file system's timestamp granularity. */
    private static final Duration SETTLED_AFTER = Duration.ofSeconds(2);

    /**
     * The first 16 hex digits of the jar's SHA-256. Builds are reproducible, so rebuilding unchanged
     * sources (which any launcher change does, through {@code -am}) gives the same key and the cache
     * survives; the hash is computed once per jar file state (size and change time) per launcher run.
     */
    static String versionKey(Path jar) {
        try {
            FileTime changed;
            try {
                changed = (FileTime) Files.getAttribute(jar, "unix:ctime");
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                changed = Files.getLastModifiedTime(jar);
            }
            // The kernel stamps files with a coarse clock (one tick, a few ms): two writes of the same size
            // within a tick leave size and change time alike. A file changed that recently is hashed every
            // time; once it has settled, its state names its content.
            if (changed.toInstant().isAfter(Instant.now().minus(SETTLED_AFTER))) {
                return sha256(jar);
            }
            String state = jar.toAbsolutePath() + "@" + Files.size(jar) + "-" + changed;
            return KEYS.computeIfAbsent(state, ignored -> sha256(jar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path jar) {
        try (var in = Files.newInputStream(jar)) {
            var digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) digest.update(buffer, 0, read);
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
