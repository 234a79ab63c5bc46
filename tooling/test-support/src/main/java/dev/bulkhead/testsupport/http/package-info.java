/** HTTP for tests: a client pinned to HTTP/1.1 with timeouts, RFC 9457 problem checks, and polling until a condition holds. */
package dev.bulkhead.testsupport.http;
