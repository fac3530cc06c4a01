package io.myblog.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Sign-in settings: the first admin, the session tokens, the brute-force limit. */
@ConfigMapping(prefix = "myblog.auth")
public interface AuthSettings {

    /** {@code MYBLOG_ADMIN_PASSWORD}: account {@code admin} gets it at start-up. */
    Optional<String> adminPassword();

    /** {@code MYBLOG_TOKEN_KEY} (Secret myblog): signs session tokens, the same on every replica. */
    Optional<String> tokenKey();

    /** How long a session token is accepted. */
    @WithDefault("1h")
    Duration tokenLifetime();

    /** Failed logins per account name, and per client address, allowed within {@link #loginWindow()}. */
    @WithDefault("10")
    int loginAttempts();

    @WithDefault("1m")
    Duration loginWindow();
}
