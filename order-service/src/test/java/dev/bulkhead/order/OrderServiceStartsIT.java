package dev.bulkhead.order;

import dev.bulkhead.testsupport.ApplicationStartsContract;

/** order-service starts for real against the test infrastructure: see the contract for what that means. */
class OrderServiceStartsIT extends ApplicationStartsContract {}
