/** Per-caller token-bucket rate limits, shared through Redis and enforced per instance when Redis is away; login attempts limited per account and IP. */
package dev.bulkhead.gateway.ratelimit;
