/** Calling the payment provider off the listener threads: a bounded pool, bounded retries, and a sweep that finishes what a crash left. */
package dev.bulkhead.payment.charging;
