package dev.bulkhead.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcTest {

    @Test
    void cpuTicksAreUserPlusSystemCountedFromTheEndOfTheCommandName() {
        // a command name with spaces and a parenthesis must not shift the fields
        String stat = "4242 (java (gw) x) S 1 4242 4242 0 -1 4194560 51814 0 12 0 1500 250 3 4 20 0 40 0 "
                + "123456 3000000000 45000 18446744073709551615";

        assertThat(CpuTime.ticks(stat)).isEqualTo(1750);
    }

    @Test
    void thisProcessHasUsedSomeCpu() {
        assertThat(CpuTime.millisOf(ProcessHandle.current().pid())).isPositive();
        assertThat(CpuTime.millisOf(List.of(Long.MAX_VALUE))).isZero(); // gone: counts as nothing
    }

    @Test
    void findsTheListenersPidInSsOutput() {
        String ss = "LISTEN 0 4096 *:8080 *:* users:((\"java\",pid=31337,fd=42))";

        assertThat(StackPids.pidInSsOutput(ss)).hasValue(31337);
        assertThat(StackPids.pidInSsOutput("")).isEmpty();
    }

    @Test
    void aStateLineNamesTheProcessOnlyIfItStillRunsAndStartedWhenRecorded() {
        var self = ProcessHandle.current();
        long started = self.info().startInstant().orElseThrow().toEpochMilli();

        assertThat(StackPids.stateLine("app gateway " + self.pid() + " " + started + " 8080", "gateway"))
                .contains(self);
        assertThat(StackPids.stateLine("app gateway " + self.pid() + " " + (started - 60_000) + " 8080", "gateway"))
                .isEmpty(); // a reused pid
        assertThat(StackPids.stateLine("app user " + self.pid() + " " + started + " 8082", "gateway"))
                .isEmpty();
        assertThat(StackPids.stateLine("# role name pid started port", "gateway"))
                .isEmpty();
    }

    @Test
    void nginxProxiesEachPrefixToItsUpstreamOverKeptAliveConnectionsAndWritesOnlyUnderItsDirectory() {
        String conf = Nginx.config(
                Path.of("/tmp/bench/nginx"),
                40123,
                List.of(
                        new Nginx.Route("users", "/api/v1/users/", 8082),
                        new Nginx.Route("products", "/api/v1/products/", 8085)));

        assertThat(conf)
                .contains("daemon off;")
                .contains("pid /tmp/bench/nginx/nginx.pid;")
                .contains("error_log /tmp/bench/nginx/error.log")
                .contains("upstream users {\n        server 127.0.0.1:8082;\n        keepalive 64;")
                .contains("listen 127.0.0.1:40123;")
                .contains("location /api/v1/products/ {\n            proxy_pass http://products;")
                .contains("proxy_http_version 1.1;")
                .contains("proxy_set_header Connection \"\";")
                .contains("proxy_temp_path /tmp/bench/nginx/temp-proxy;");
    }

    @Test
    void describesTheCpuAndTheMemory() {
        assertThat(Machine.cpuModel("processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n"))
                .isEqualTo("AMD EPYC 7B13");
        assertThat(Machine.memory("MemTotal:       24684544 kB\nMemFree: 1 kB\n"))
                .isEqualTo("23.5 GiB");
    }
}
