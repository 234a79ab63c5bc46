package dev.bulkhead.devstack.apps;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM flags per process role on a small machine. The domain services start fast and stay small: seven
 * JVMs share two cores and a laptop's memory, and each serves one hop of a request. The gateway is
 * different: every request crosses it, so it is a hot path, not a start-up race, and it gets the
 * optimising compiler (see docs/performance.md for what C1-only cost it).
 */
final class JvmFlags {

    /** Shared by every application; each line says why. */
    static final List<String> COMMON = List.of(
            "-XX:+UseSerialGC", // no GC threads to compete for 2 cores; smallest footprint, short pauses on small heaps
            "-XX:MaxMetaspaceSize=160m", // a bound, so a leak fails loudly instead of growing
            "-XX:MaxDirectMemorySize=64m", // Netty/Tomcat buffers for a handful of connections
            "-Xss512k", // Spring's call stacks are deep but not 1 MiB deep
            "-XX:MinHeapFreeRatio=10", // give heap back after start-up ...
            "-XX:MaxHeapFreeRatio=30", // ... so resident memory follows what is live
            "-XX:-UsePerfData", // no hsperfdata file per JVM
            "-Djava.awt.headless=true");

    /** A domain service: cheap, early compilation; C2's peak is not what a one-hop service needs here. */
    static final List<String> SERVICE = List.of(
            "-XX:TieredStopAtLevel=1", // C1 only: compiles sooner and cheaper
            "-XX:CICompilerCount=1", // one compiler thread per JVM, seven JVMs share the cores
            "-XX:ReservedCodeCacheSize=48m"); // C1 code for a Spring app fits with room to spare

    /**
     * The gateway: full tiered compilation. C1-only code runs its Reactor/Netty pipeline through
     * megamorphic interface calls that C2 inlines away; the profile showed them as a large share of CPU.
     */
    static final List<String> EDGE = List.of(
            // C1 and C2 code side by side, and the JDK's own size for them: the JVM collects the whole heap
            // to unload code each time 15 % of this much has been compiled, and at 96 MB the gateway's C2
            // crossed that twice under load (2 full collections, 270 ms each, in the middle of the runs).
            "-XX:ReservedCodeCacheSize=240m",
            // Requests in flight must die young: with 48 MB and the default 1:8 survivors (4.8 MB), 256
            // connections' worth overflowed into the old generation and forced a 120 ms full collection
            // every second; 96 MB with 16 MB survivors had none (docs/performance.md).
            "-Xmn96m",
            "-XX:SurvivorRatio=4");

    private JvmFlags() {}

    static List<String> forService(Service service) {
        var flags = new ArrayList<String>(COMMON);
        flags.addAll(service.edge() ? EDGE : SERVICE);
        flags.add("-Xms" + (service.edge() ? service.heapMegabytes() : 32) + "m");
        flags.add("-Xmx" + service.heapMegabytes() + "m");
        return flags;
    }
}
