/** Who notifications go to: each user's address and name, kept from user-events. */
package dev.bulkhead.notification.recipient;
