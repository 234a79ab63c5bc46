package dev.bulkhead.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryMonitorTest {

    @TempDir
    Path kdamonds;

    @Test
    void findsTheKdamondThatIsOnWithWhatItWatchesHowOftenAndWhatItDoes() throws IOException {
        kdamond("0", "off", "12");
        kdamond("1", "on", "83");
        write("1/contexts/0/schemes/0/action", "pageout\n");

        var monitor = MemoryMonitor.find(kdamonds).orElseThrow();

        assertThat(monitor).isEqualTo(new MemoryMonitor(83, "paddr", Duration.ofMillis(500), List.of("pageout")));
        assertThat(monitor.describe()).isEqualTo("DAMON kdamond (pid 83, paddr, samples every 500 ms, pageout)");
    }

    @Test
    void findsNoneWhereNoKdamondIsOnOrTheKernelHasNoDamon() throws IOException {
        kdamond("0", "off", "12");

        assertThat(MemoryMonitor.find(kdamonds)).isEmpty();
        assertThat(MemoryMonitor.find(kdamonds.resolve("absent"))).isEmpty();
    }

    private void kdamond(String id, String state, String pid) throws IOException {
        write(id + "/state", state + "\n");
        write(id + "/pid", pid + "\n");
        write(id + "/contexts/0/operations", "paddr\n");
        write(id + "/contexts/0/monitoring_attrs/intervals/sample_us", "500000\n");
        Files.createDirectories(kdamonds.resolve(id + "/contexts/0/schemes"));
    }

    private void write(String file, String text) throws IOException {
        var path = kdamonds.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
