package dev.bulkhead.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

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

    /**
     * No spans for Spring Security's filter chain, authentication and authorization: every request
     * crosses them, and the server span's timing already holds theirs. Turning the observations off
     * by name (management.observations.enable.spring.security) left Spring Security wrapping each of
     * its filters in a no-op observation all the same (~1 % of the gateway's CPU, docs/performance.md);
     * these settings leave the filters unwrapped.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
