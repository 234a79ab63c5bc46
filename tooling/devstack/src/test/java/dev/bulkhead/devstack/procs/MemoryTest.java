package dev.bulkhead.devstack.procs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryTest {

    @Test
    void readsTheKernelsKilobytes() {
        assertThat(Memory.parseKiloBytes("VmRSS:\t  153600 kB")).isEqualTo(153_600L * 1024);
    }

    @Test
    void measuresThisJvm() {
        assertThat(Memory.rss(ProcessHandle.current())).isGreaterThan(1L << 20);
        assertThat(Memory.rss(Long.MAX_VALUE)).isZero();
    }

    @Test
    void printsMebibytesAndGibibytes() {
        assertThat(Memory.human(181L << 20)).isEqualTo("181 MiB");
        assertThat(Memory.human((long) (2.5 * (1L << 30)))).isEqualTo("2.50 GiB");
    }
}
