/** Signing keys from configuration (or generated once for the dev stack) and the public JWKS endpoint. */
package dev.bulkhead.auth.keys;
