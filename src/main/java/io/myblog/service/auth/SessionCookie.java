package io.myblog.service.auth;

import jakarta.ws.rs.core.NewCookie;
import java.time.Instant;
import java.util.Date;

/**
 * The browser's sign-in: a session token ({@link SessionTokens}, signed with {@code MYBLOG_TOKEN_KEY}, so every
 * replica accepts it, and carrying the password stamp, so a password change ends it) in a cookie that scripts cannot
 * read, that only the blog's pages receive, and that no cross-site POST carries (SameSite=Lax).
 */
public final class SessionCookie {

    public static final String NAME = "myblog-session";
    /** The pages only: the API takes Basic or a bearer token, never this cookie. */
    public static final String PATH = "/blog/";

    private SessionCookie() {
    }

    /** {@code secure}: the request came over TLS (directly, or as the trusted proxy forwards it). */
    static NewCookie of(SessionTokens.Issued issued, boolean secure) {
        return builder(secure).value(issued.token())
                .maxAge((int) Math.max(0, issued.expiresAt().getEpochSecond() - Instant.now().getEpochSecond()))
                .expiry(Date.from(issued.expiresAt()))
                .build();
    }

    /** Ends the sign-in in this browser. */
    static NewCookie cleared(boolean secure) {
        return builder(secure).value("").maxAge(0).expiry(Date.from(Instant.EPOCH)).build();
    }

    private static NewCookie.Builder builder(boolean secure) {
        return new NewCookie.Builder(NAME).path(PATH).httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX);
    }
}
