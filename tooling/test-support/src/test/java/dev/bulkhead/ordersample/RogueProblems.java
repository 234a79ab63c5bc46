package dev.bulkhead.ordersample;

import org.springframework.web.bind.annotation.RestControllerAdvice;

/** An advice of its own, which would answer invalid input in a shape of its own: flagged. */
@RestControllerAdvice
class RogueProblems {}
