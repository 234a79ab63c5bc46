package dev.bulkhead.testsupport;

/** The contract every application subclasses, run against the probe application. */
class ProbeApplicationStartsIT extends ApplicationStartsContract {}
