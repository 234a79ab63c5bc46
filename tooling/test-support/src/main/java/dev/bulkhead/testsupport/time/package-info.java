/** A clock that tests move instead of sleeping. */
package dev.bulkhead.testsupport.time;
