/** Servers on this machine for the dev stack and the tests: free ports, redis-server, a TCP proxy to break. */
package dev.bulkhead.localservers;
