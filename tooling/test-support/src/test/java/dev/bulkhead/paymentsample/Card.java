package dev.bulkhead.paymentsample;

/** Fixture: a class that belongs to another (sample) service. */
public record Card(String token) {}
