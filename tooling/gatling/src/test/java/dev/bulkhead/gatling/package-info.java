/** The Gatling load test of the running stack through its gateway, with its objectives as assertions. */
package dev.bulkhead.gatling;
