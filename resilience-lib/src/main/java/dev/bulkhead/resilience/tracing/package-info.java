/**
 * Trace context across the hops Spring Boot does not instrument by itself here: Feign calls (a CLIENT
 * span per call, its context in the request's {@code traceparent} header). The outbox relay's PRODUCER
 * span lives with the relay ({@code outbox/}); Kafka listeners are observed by Spring Kafka
 * ({@code spring.kafka.listener.observation-enabled}).
 */
package dev.bulkhead.resilience.tracing;
