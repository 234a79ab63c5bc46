/** The one Dockerfile of all applications, and what it copies, checked against the packaged jars. */
package dev.bulkhead.deploymentcheck.docker;
