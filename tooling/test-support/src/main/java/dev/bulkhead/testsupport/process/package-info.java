/** A service's packaged jar started as a second, separate JVM, for tests where two instances contend. */
package dev.bulkhead.testsupport.process;
