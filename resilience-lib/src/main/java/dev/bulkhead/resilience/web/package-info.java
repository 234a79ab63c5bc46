/** HTTP conventions every service shares: how a business failure reads as an RFC 9457 problem detail. */
package dev.bulkhead.resilience.web;
