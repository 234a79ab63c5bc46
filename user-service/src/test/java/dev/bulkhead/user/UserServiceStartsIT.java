package dev.bulkhead.user;

import dev.bulkhead.testsupport.ApplicationStartsContract;

/** user-service starts for real against the test infrastructure: see the contract for what that means. */
class UserServiceStartsIT extends ApplicationStartsContract {}
