/** payment-service: charges and refunds through the external payment provider, at most once per order. */
package dev.bulkhead.payment;
