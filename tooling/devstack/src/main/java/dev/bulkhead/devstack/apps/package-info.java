/** The seven Bulkhead applications: their table, JVM flags, AOT caches, start-up and readiness. */
package dev.bulkhead.devstack.apps;
