/**
 * The dev stack's "break it" controls: a loopback HTTP endpoint, guarded by a secret generated at
 * every start, through which the gateway's console freezes, kills and restarts instances, slows or
 * fails the payment provider and cuts Redis, each undoable.
 */
package dev.bulkhead.devstack.control;
