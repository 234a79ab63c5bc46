/** The saga participant: reserves an order's lines all or none, commits or releases them as the order ends. */
package dev.bulkhead.inventory.reservation;
