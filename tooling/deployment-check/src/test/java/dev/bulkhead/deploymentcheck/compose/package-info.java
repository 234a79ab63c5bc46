/** docker-compose.yml and its compose/ configuration, checked against the applications. */
package dev.bulkhead.deploymentcheck.compose;
