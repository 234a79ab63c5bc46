/** HTTP conventions every service shares: how a failure reads as an RFC 9457 problem detail, and load shedding. */
package dev.bulkhead.resilience.web;
