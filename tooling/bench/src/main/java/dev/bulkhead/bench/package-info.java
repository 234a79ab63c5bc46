/** {@code ./bulkhead bench}: the gateway benchmark against the running dev stack, its phases, report and verdict. */
package dev.bulkhead.bench;
