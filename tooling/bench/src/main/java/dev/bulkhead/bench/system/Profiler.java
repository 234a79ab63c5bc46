package dev.bulkhead.bench.system;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * async-profiler attached to another JVM through the JDK's attach API: the native library ships inside
 * Maven Central's {@code tools.profiler:async-profiler} jar (on our class path) and is extracted to
 * {@code dir}. {@code jcmd <pid> JVMTI.agent_load} would be simpler but does not pass the agent's options.
 * CPU samples come from perf_events; where the kernel refuses them (containers, perf_event_paranoid) the
 * profiler is started again with {@code itimer}.
 */
public final class Profiler {

    private static final String INTERVAL = "interval=1ms";

    private final long pid;
    private final Path library;
    private final String event;

    private Profiler(long pid, Path library, String event) {
        this.pid = pid;
        this.library = library;
        this.event = event;
    }

    /** Starts CPU profiling in the JVM {@code pid}. */
    public static Profiler start(long pid, Path dir) throws IOException {
        var library = extract(dir);
        try {
            load(pid, library, "start,event=cpu," + INTERVAL);
            return new Profiler(pid, library, "cpu");
        } catch (IOException e) {
            load(pid, library, "start,event=itimer," + INTERVAL);
            return new Profiler(pid, library, "itimer");
        }
    }

    /** The event sampled: {@code cpu} (perf_events) or {@code itimer}. */
    public String event() {
        return event;
    }

    /** Stops profiling and writes the flame graph ({@code .html}) where the gateway's JVM can write it. */
    public void stopTo(Path html) throws IOException {
        load(pid, library, "stop,file=" + html.toAbsolutePath());
    }

    private static void load(long pid, Path library, String options) throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
        }
        try {
            vm.loadAgentPath(library.toString(), options);
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new IOException("async-profiler refused '" + options + "' in JVM " + pid + ": " + e.getMessage(), e);
        } finally {
            vm.detach();
        }
    }

    static Path extract(Path dir) throws IOException {
        String resource = platform() + "/libasyncProfiler.so";
        Files.createDirectories(dir);
        var target = dir.toAbsolutePath().resolve("libasyncProfiler.so");
        // A JVM profiled by an earlier run still maps the library: never write into that file, replace it.
        var temp = Files.createTempFile(dir.toAbsolutePath(), "libasyncProfiler", ".so");
        try (InputStream in = Profiler.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " on the class path (tools.profiler:async-profiler)");
            }
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    private static String platform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "linux-x64";
            case "aarch64", "arm64" -> "linux-arm64";
            default -> throw new IllegalStateException("async-profiler has no library for " + arch);
        };
    }
}
