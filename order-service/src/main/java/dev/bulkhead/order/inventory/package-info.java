/** inventory-service as order-service sees it: product names and prices, over a Feign client. */
package dev.bulkhead.order.inventory;
