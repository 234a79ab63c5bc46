/**
 * The observability stack's configuration — Prometheus scrape targets and alert rules, Grafana
 * dashboards, the OpenTelemetry Collector — checked against what running applications really export.
 */
package dev.bulkhead.deploymentcheck.observability;
