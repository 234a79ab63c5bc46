/** Every error the gateway answers itself (404, 413, 429, 5xx) as an RFC 9457 problem document. */
package dev.bulkhead.gateway.errors;
