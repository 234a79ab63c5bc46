/** Fixture: a public package of the shared library, for the architecture rules' own tests. */
package dev.bulkhead.resilience.sample;
