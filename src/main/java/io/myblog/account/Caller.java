package io.myblog.account;

import io.quarkus.security.identity.SecurityIdentity;

/** Who sends a write: the signed-in account's name, and whether it is an admin. */
public record Caller(String name, boolean admin) {

    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.getPrincipal().getName(), identity.hasRole(Role.ADMIN));
    }

    /** May change what {@code owner} created: its owner, or an admin. */
    public boolean mayChange(String owner) {
        return admin || name.equals(owner);
    }
}
