/** Refresh tokens: opaque, stored hashed, rotated on every use, a reused one revokes its whole family. */
package dev.bulkhead.auth.refresh;
