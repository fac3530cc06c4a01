package io.myblog.service.account;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who sends a write: the signed-in account's name, whether it is an admin, and whether it signed in with a session
 * token (which proves possession of the token, not knowledge of the password).
 */
public record Caller(String name, boolean admin, boolean byToken) {

    /** The identity attribute that marks an identity made from a session token. */
    public static final String FROM_TOKEN = "myblog.from-token";

    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.getPrincipal().getName(), identity.hasRole(Role.ADMIN),
                identity.getAttribute(FROM_TOKEN) != null);
    }

    /** May change what {@code owner} created: its owner, or an admin. */
    public boolean mayChange(String owner) {
        return admin || name.equals(owner);
    }
}
