/** Notifications: one per event a user should hear about, recorded from the topics and readable by their owner. */
package dev.bulkhead.notification.notification;
