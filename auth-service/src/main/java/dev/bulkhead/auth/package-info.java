/** auth-service: owns credentials and issues the signed tokens every other service verifies. */
package dev.bulkhead.auth;
