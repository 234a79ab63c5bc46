package dev.bulkhead.notification;

import dev.bulkhead.testsupport.ApplicationStartsContract;

/** notification-service starts for real against the test infrastructure: see the contract for what that means. */
class NotificationServiceStartsIT extends ApplicationStartsContract {}
