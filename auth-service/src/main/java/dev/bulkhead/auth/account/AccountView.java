package dev.bulkhead.auth.account;

import java.util.Set;
import java.util.UUID;

/** What other features may know about an account: never its password hash. */
public record AccountView(UUID id, String email, String name, Set<Role> roles) {}
