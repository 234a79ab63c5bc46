/** HTTP concerns shared by the service's controllers: business failures mapped to ProblemDetail. */
package dev.bulkhead.notification.web;
