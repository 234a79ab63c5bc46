/** The product catalogue: products, their prices and stock, read by anyone and written by admins. */
package dev.bulkhead.inventory.product;
