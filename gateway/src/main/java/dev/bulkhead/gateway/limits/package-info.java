/** Limits on what a client may send through the gateway: request body size. */
package dev.bulkhead.gateway.limits;
