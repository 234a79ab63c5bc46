package dev.bulkhead.inventory;

import dev.bulkhead.testsupport.ApplicationStartsContract;
import org.springframework.test.annotation.DirtiesContext;

/**
 * inventory-service starts for real against the test infrastructure: see the contract for what that means.
 * Its context is closed after the class: left open, its order-events listener would stay in the
 * service's consumer group and could take the partition from the context the saga tests use.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class InventoryServiceStartsIT extends ApplicationStartsContract {}
