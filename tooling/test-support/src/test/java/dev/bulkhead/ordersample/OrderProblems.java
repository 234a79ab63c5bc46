package dev.bulkhead.ordersample;

import org.springframework.web.bind.annotation.RestControllerAdvice;

/** An advice that builds on the shared base: allowed. */
@RestControllerAdvice
class OrderProblems extends BaseProblems {}
