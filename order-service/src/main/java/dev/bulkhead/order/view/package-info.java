/** The read model (CQRS): a denormalized order list with user and product names, fed by events only. */
package dev.bulkhead.order.view;
