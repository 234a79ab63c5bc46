/** The system tests: the whole dev stack started as ./bulkhead up starts it, driven through the gateway. */
package dev.bulkhead.systemtests;
