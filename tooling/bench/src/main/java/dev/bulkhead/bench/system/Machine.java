package dev.bulkhead.bench.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the figures were measured on: cores, CPU model, memory, the JDKs and the load when it started.
 *
 * @param cores available processors
 * @param model the CPU's model name
 * @param memory total memory, e.g. "23.5 GiB"
 * @param benchJdk the JDK running the benchmark
 * @param gatewayJava the java executable of the gateway
 * @param loadAverage 1, 5 and 15 minute load averages at the start
 * @param memoryMonitor the kernel's memory monitor, if one runs: a source of latency the stack cannot remove
 */
public record Machine(
        int cores,
        String model,
        String memory,
        String benchJdk,
        String gatewayJava,
        String loadAverage,
        Optional<MemoryMonitor> memoryMonitor) {

    public static Machine describe(ProcessHandle gateway) {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                cpuModel(read("/proc/cpuinfo")),
                memory(read("/proc/meminfo")),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                gateway.info().command().orElse("?"),
                String.join(" ", List.of(read("/proc/loadavg").split("\\s+")).subList(0, 3)),
                MemoryMonitor.running());
    }

    public List<String> lines() {
        return List.of(
                "cores: " + cores + " (" + model + ")",
                "memory: " + memory,
                "JDK: " + benchJdk + " (bench); gateway runs " + gatewayJava,
                "load average at start: " + loadAverage,
                "kernel memory monitor: "
                        + memoryMonitor.map(MemoryMonitor::describe).orElse("none running"));
    }

    static String cpuModel(String cpuinfo) {
        return cpuinfo.lines()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown CPU");
    }

    static String memory(String meminfo) {
        return meminfo.lines()
                .filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D+", "")))
                .map(kib -> String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0))
                .findFirst()
                .orElse("unknown");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "? ? ?";
        }
    }
}
