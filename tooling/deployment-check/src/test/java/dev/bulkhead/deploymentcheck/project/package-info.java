/**
 * What the tests compare deployments against, read from the project itself: the applications, the
 * properties each binds, the addresses each calls and the Kafka topics the code uses.
 */
package dev.bulkhead.deploymentcheck.project;
