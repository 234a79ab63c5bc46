/** The machine and its processes: pids of the stack, CPU time from /proc, the kernel's memory monitor, freezing, nginx, async-profiler. */
package dev.bulkhead.bench.system;
