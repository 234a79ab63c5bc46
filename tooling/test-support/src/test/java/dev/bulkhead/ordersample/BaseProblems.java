package dev.bulkhead.ordersample;

/** Stands in for resilience-lib's ServiceProblems, which test-support cannot depend on. */
public abstract class BaseProblems {}
