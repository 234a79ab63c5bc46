package dev.bulkhead.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.bench.load.Latencies;
import dev.bulkhead.bench.load.WrkResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ReportsTest {

    @Test
    void theGatewayRowCarriesItsRatiosToDirectAndNginxAndTheProxiesTheirCpu() {
        var results = new Results.All(
                List.of(
                        round(Results.GATEWAY, 6000, 3, OptionalDouble.of(0.25)),
                        round(Results.DIRECT, 10000, 0, OptionalDouble.empty()),
                        round(Results.NGINX, 8000, 0, OptionalDouble.of(0.05))),
                List.of(),
                Optional.empty(),
                Optional.empty());

        var lines = Reports.throughput(results).lines();

        assertThat(lines.get(0)).startsWith("route").contains("÷direct", "÷nginx", "cpu ms/req");
        assertThat(lines.get(2))
                .matches("users\\s+64\\s+gateway\\s+6,000\\s+0\\.60\\s+0\\.75\\s+3\\s+0\\s+0\\.25\\s+1\\.50");
        assertThat(lines.get(3)).matches("users\\s+64\\s+direct\\s+10,000\\s+0\\s+0\\s+1\\.50");
        assertThat(lines.get(4)).matches("users\\s+64\\s+nginx\\s+8,000\\s+0\\.80\\s+0\\s+0\\s+0\\.05\\s+1\\.50");
    }

    @Test
    void theMarkdownReportFencesTablesUnderHeadings() {
        var fixed = new Results.FixedRate(
                "products",
                2500,
                new Latencies(100, 0, 1, 4, 8, 9),
                new Latencies(100, 0, 1, 2, 3, 4),
                new Latencies(100, 0, 1, 3, 4, 5),
                OptionalDouble.empty());
        var report = new Report("title")
                .add(new Report.Section(
                        "Fixed rate", List.of("  a note"), Reports.fixedRate(List.of(fixed)), List.of()));

        assertThat(report.markdown())
                .startsWith("# title\n\n## Fixed rate\n\n- a note\n\n```\nroute")
                .contains("products  2,500  gateway")
                .contains("2.00\n") // p99 gateway ÷ direct
                .contains("1.50\n") // p99 nginx ÷ direct, the reference
                .endsWith("```\n");
        assertThat(report.text()).startsWith("title\n=====\n\nFixed rate\n  a note\n  route");
    }

    @Test
    void saysWhatTheKernelsMemoryMonitorUsedWhileEachRouteRanAtAFixedRate() {
        var latencies = new Latencies(100, 0, 1, 2, 3, 4);
        var watched = new Results.FixedRate("products", 400, latencies, latencies, latencies, OptionalDouble.of(31.25));
        var quiet = new Results.FixedRate("users", 400, latencies, latencies, latencies, OptionalDouble.empty());

        assertThat(Reports.monitorNotes(List.of(watched, quiet)))
                .singleElement()
                .asString()
                .startsWith("  products: the kernel's memory monitor")
                .contains("31.3 ms of CPU per second");
    }

    private static Results.Round round(String target, double perSecond, long non2xx, OptionalDouble cpu) {
        return new Results.Round(
                "users",
                64,
                target,
                new WrkResult((long) perSecond * 5, 5, perSecond, non2xx, 0, OptionalDouble.of(1.5)),
                cpu);
    }
}
