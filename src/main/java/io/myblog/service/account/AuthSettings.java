package io.myblog.service.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.myblog.shared.TokenKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Sign-in settings: the first admin, the session tokens, the brute-force limit. */
@ConfigMapping(prefix = "myblog.auth")
public interface AuthSettings {

    /** {@code MYBLOG_ADMIN_PASSWORD}: account {@code admin} gets it at start-up. */
    Optional<String> adminPassword();

    /** {@code MYBLOG_TOKEN_KEY} (Secret myblog): signs session tokens, the same on every replica. */
    Optional<String> tokenKey();

    /** {@code MYBLOG_TOKEN_KEY_PREVIOUS}: during a rotation, the key tokens were signed with before; checked only. */
    Optional<String> previousTokenKey();

    /** {@code MYBLOG_TOKEN_KEY_PREVIOUS_UNTIL}: the instant the previous key stops being accepted. */
    Optional<Instant> previousTokenKeyUntil();

    /** How long a session token is accepted. */
    @WithDefault(TokenKeys.DEFAULT_LIFETIME)
    Duration tokenLifetime();

    /** Failed logins per account name, per client address, and per name from one address, before delays start. */
    @WithDefault("5")
    int loginFreeFailures();

    /** The delay after the first failure past the free ones; each further failure doubles it. */
    @WithDefault("1s")
    Duration loginFirstDelay();

    /** The longest delay for a client address, and for a name from one address: the guesses of one attacker. */
    @WithDefault("15m")
    Duration loginMaxDelay();

    /**
     * The longest delay for a name from all addresses together: the most an attacker with many addresses can make an
     * author wait to sign in. Tokens and sessions already issued are never held.
     */
    @WithDefault("30s")
    Duration loginNameMaxDelay();

    /** A name or address with no failure for this long starts afresh. */
    @WithDefault("1h")
    Duration loginForgetAfter();
}
