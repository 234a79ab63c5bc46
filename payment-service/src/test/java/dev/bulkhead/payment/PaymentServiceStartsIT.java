package dev.bulkhead.payment;

import dev.bulkhead.testsupport.ApplicationStartsContract;

/** payment-service starts for real against the test infrastructure: see the contract for what that means. */
class PaymentServiceStartsIT extends ApplicationStartsContract {}
