/** HTTP conventions every service shares: one RFC 9457 problem shape (ServiceProblems, Problems), and load shedding. */
package dev.bulkhead.resilience.web;
