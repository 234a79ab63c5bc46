package dev.bulkhead.inventory;

import dev.bulkhead.testsupport.ApplicationStartsContract;

/** inventory-service starts for real against the test infrastructure: see the contract for what that means. */
class InventoryServiceStartsIT extends ApplicationStartsContract {}
