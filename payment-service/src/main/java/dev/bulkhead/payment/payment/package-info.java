/** The payment of an order: joining OrderCreated and StockReserved, the provider's answers, and reading it back. */
package dev.bulkhead.payment.payment;
