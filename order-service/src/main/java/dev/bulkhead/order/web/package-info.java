/** HTTP concerns shared by every endpoint of order-service: failures as problem details, API versions. */
package dev.bulkhead.order.web;
