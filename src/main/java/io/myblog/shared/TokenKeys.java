package io.myblog.shared;

import io.quarkus.runtime.configuration.DurationConverter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The keys of Secret myblog that sign session tokens, as the service reads them and {@code deploy} writes them: the
 * current key, and during a rotation the previous one with the instant it stops being accepted (README, "Rotating
 * the token key").
 */
public final class TokenKeys {

    public static final String KEY = "MYBLOG_TOKEN_KEY";
    public static final String PREVIOUS = "MYBLOG_TOKEN_KEY_PREVIOUS";
    public static final String PREVIOUS_UNTIL = "MYBLOG_TOKEN_KEY_PREVIOUS_UNTIL";
    /** HMAC-SHA256: a key shorter than the hash weakens it (RFC 2104, section 3). */
    public static final int MIN_BYTES = 32;
    /** How long a session token is accepted unless {@code myblog.auth.token-lifetime} says otherwise. */
    public static final String DEFAULT_LIFETIME = "1h";

    private TokenKeys() {
    }

    public static Duration defaultLifetime() {
        return DurationConverter.parseDuration(DEFAULT_LIFETIME);
    }

    /** Why {@code key} cannot sign tokens, naming the setting and never the value; null when it can. */
    public static String weakness(String setting, String key) {
        var bytes = key.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= MIN_BYTES ? null
                : setting + " is " + bytes + " bytes long; a token key needs at least " + MIN_BYTES
                        + " (deploy generates one; or: head -c 32 /dev/urandom | base64)";
    }
}
