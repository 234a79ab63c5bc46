/**
 * The operator console at /console: a static page, and admin-only APIs under /api/v1/console that read
 * the services' own actuator metrics and health, follow the saga on Kafka, list and replay dead letters,
 * and in the dev stack forward "break it" actions to the launcher. Nothing here runs per proxied request.
 */
package dev.bulkhead.gateway.console;
