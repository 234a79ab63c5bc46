package dev.bulkhead.payment;

import dev.bulkhead.testsupport.ApplicationStartsContract;
import org.springframework.test.annotation.DirtiesContext;

/**
 * payment-service starts for real against the test infrastructure: see the contract for what that means.
 * Its context is closed after the class, so its Kafka listeners never share the consumer group (and
 * the saga events) with another test's context.
 */
@DirtiesContext
class PaymentServiceStartsIT extends ApplicationStartsContract {}
