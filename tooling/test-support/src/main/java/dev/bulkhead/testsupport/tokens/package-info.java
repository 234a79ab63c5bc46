/** A stand-in auth-service for tests: signed access tokens, a JWKS endpoint and a revocation list over real HTTP. */
package dev.bulkhead.testsupport.tokens;
