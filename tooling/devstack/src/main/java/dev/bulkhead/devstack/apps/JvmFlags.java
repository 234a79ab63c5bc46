package dev.bulkhead.devstack.apps;

import java.util.ArrayList;
import java.util.List;

/** JVM flags for a dev stack on a small machine: start fast, stay small; peak throughput does not matter. */
final class JvmFlags {

    /** Shared by every application; each line says why. */
    static final List<String> COMMON = List.of(
            "-XX:+UseSerialGC", // no GC threads to compete for 2 cores; smallest footprint
            "-XX:TieredStopAtLevel=1", // C1 only: compiles sooner and cheaper, C2's peak is not needed here
            "-XX:CICompilerCount=1", // one compiler thread per JVM, seven JVMs share the cores
            "-XX:ReservedCodeCacheSize=48m", // C1 code for a Spring app fits with room to spare
            "-XX:MaxMetaspaceSize=160m", // a bound, so a leak fails loudly instead of growing
            "-XX:MaxDirectMemorySize=64m", // Netty/Tomcat buffers for a handful of connections
            "-Xss512k", // Spring's call stacks are deep but not 1 MiB deep
            "-XX:MinHeapFreeRatio=10", // give heap back after start-up ...
            "-XX:MaxHeapFreeRatio=30", // ... so resident memory follows what is live
            "-XX:-UsePerfData", // no hsperfdata file per JVM
            "-Djava.awt.headless=true");

    private JvmFlags() {}

    static List<String> forService(Service service) {
        var flags = new ArrayList<String>(COMMON);
        flags.add("-Xms32m");
        flags.add("-Xmx" + service.heapMegabytes() + "m");
        return flags;
    }
}
