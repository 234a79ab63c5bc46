/** Whether an application's jar is missing or older than what it is built from. */
package dev.bulkhead.devstack.build;
