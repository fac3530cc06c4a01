package io.myblog.service.auth;

import java.time.Duration;

/**
 * Too many failed logins for this account name or client address: no password is checked until the window passes.
 * Travels as the cause of an AuthenticationFailedException, the one failure Quarkus Security passes on (it is final).
 */
public class LoginThrottled extends RuntimeException {

    private final Duration retryAfter;

    LoginThrottled(Duration retryAfter) {
        super("too many failed logins", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
