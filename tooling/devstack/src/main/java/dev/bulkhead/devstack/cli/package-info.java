/** The commands behind ./bulkhead (up, down, status, logs, stale), their arguments, settings and output. */
package dev.bulkhead.devstack.cli;
