package dev.bulkhead.auth;

import dev.bulkhead.testsupport.ApplicationStartsContract;

/** auth-service starts for real against the test infrastructure: see the contract for what that means. */
class AuthServiceStartsIT extends ApplicationStartsContract {}
