/** E-mail delivery of recorded notifications over SMTP, switched on by {@code spring.mail.host}. */
package dev.bulkhead.notification.mail;
