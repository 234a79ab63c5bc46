package dev.bulkhead.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class GatewayApplication {

    /** Reactor Netty's event-loop count, read once when its shared loops are first created. */
    static final String IO_WORKERS = "reactor.netty.ioWorkerCount";

    public static void main(String[] args) {
        // One event loop per core, not Reactor Netty's default of at least four: on two cores the
        // extra loops only took turns on them, and one per core served ~40 % more requests per second
        // for ~40 % less CPU per request in alternated runs (docs/performance.md). An explicit
        // -Dreactor.netty.ioWorkerCount wins.
        if (System.getProperty(IO_WORKERS) == null) {
            System.setProperty(IO_WORKERS, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
