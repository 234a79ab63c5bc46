/** Accounts: registration, credentials (Argon2id), the seeded admin and the UserRegistered event. */
package dev.bulkhead.auth.account;
