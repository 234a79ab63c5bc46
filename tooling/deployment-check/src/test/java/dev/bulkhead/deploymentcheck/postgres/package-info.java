/** docker compose's Postgres init script, run for real against a throwaway server. */
package dev.bulkhead.deploymentcheck.postgres;
