/** Timeouts of the HTTP clients a service builds itself (RestClient, WebClient): logged and counted per downstream. */
package dev.bulkhead.resilience.http;
