/** notification-service: records (and mails, when SMTP is configured) one notification per event. */
package dev.bulkhead.notification;
