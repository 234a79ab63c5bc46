/** Access tokens: issuing signed JWTs, and verifying them on the routes auth-service itself protects. */
package dev.bulkhead.auth.token;
