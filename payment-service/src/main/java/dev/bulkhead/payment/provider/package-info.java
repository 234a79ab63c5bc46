/** The external payment provider's HTTP API, through a Feign client named {@code payment-provider}. */
package dev.bulkhead.payment.provider;
