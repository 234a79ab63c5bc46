/** The access-token denylist, source of truth for every verifier, and its internal endpoint. */
package dev.bulkhead.auth.revocation;
