/** The demo catalogue the dev stack starts with, loaded into an empty product table. */
package dev.bulkhead.inventory.catalogue;
