/** Tests of the JDK selection that every entry script shares. */
package dev.bulkhead.devstack.jdk;
