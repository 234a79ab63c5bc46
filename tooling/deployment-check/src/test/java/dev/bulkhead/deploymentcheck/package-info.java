/**
 * Tests of what our machines cannot run — the container image, docker compose, the Kubernetes
 * manifests, the observability stack — checked against what the applications really are: their code,
 * their configuration, their packaged jars and, for metrics, one of them running.
 */
package dev.bulkhead.deploymentcheck;
