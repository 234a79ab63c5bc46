/** Sessions: the login, refresh and logout use cases and their HTTP adapter. */
package dev.bulkhead.auth.session;
