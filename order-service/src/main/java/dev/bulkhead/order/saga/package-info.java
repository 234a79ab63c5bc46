/** The order's part of the choreographed saga: reactions to inventory and payment events, and the deadline. */
package dev.bulkhead.order.saga;
