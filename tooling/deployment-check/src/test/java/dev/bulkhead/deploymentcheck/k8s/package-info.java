/**
 * The Kubernetes manifests: every overlay rendered with {@code kubectl kustomize} and checked against
 * the Kubernetes and operator models and against the applications (ports, probes, configuration, the
 * call graph their network policies must allow).
 */
package dev.bulkhead.deploymentcheck.k8s;
