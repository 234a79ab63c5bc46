/** Child processes: starting them in their own session, stopping them in order, measuring their memory. */
package dev.bulkhead.devstack.procs;
