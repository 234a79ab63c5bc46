/** The gateway: Bulkhead's only public entry, routing /api/** to the services. */
package dev.bulkhead.gateway;
