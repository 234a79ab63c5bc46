/** Every business failure mapped to an RFC 9457 problem detail, in one place. */
package dev.bulkhead.auth.web;
