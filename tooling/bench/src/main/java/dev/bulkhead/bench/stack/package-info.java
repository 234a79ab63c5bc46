/** The dev stack's public API as the benchmark needs it: a bench user, a product, orders. */
package dev.bulkhead.bench.stack;
