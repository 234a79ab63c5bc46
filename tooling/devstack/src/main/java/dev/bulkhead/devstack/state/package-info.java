/** The state file in .bulkhead/ that lets another terminal find, inspect and stop a running stack. */
package dev.bulkhead.devstack.state;
