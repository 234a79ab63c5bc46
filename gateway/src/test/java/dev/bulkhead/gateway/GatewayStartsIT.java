package dev.bulkhead.gateway;

import dev.bulkhead.testsupport.ApplicationStartsContract;

/** gateway starts for real against the test infrastructure: see the contract for what that means. */
class GatewayStartsIT extends ApplicationStartsContract {}
