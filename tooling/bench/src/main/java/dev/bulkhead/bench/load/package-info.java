/** Load generators: wrk for closed-loop throughput, an open-loop fixed-rate client for latency. */
package dev.bulkhead.bench.load;
