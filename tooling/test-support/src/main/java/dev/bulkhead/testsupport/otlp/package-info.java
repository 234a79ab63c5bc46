/** An OTLP/HTTP receiver for tests: what the applications export, decoded into spans a test can assert on. */
package dev.bulkhead.testsupport.otlp;
