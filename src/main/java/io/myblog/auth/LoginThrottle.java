package io.myblog.auth;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Cache;
import io.myblog.account.AuthSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed logins per account name and per client address in a fixed window that opens with the first failure.
 * In memory, so per replica: an attacker spread over n replicas gets n times the attempts (README).
 */
@ApplicationScoped
public class LoginThrottle {

    /** Bounds the memory an attacker can make us spend on names and addresses. */
    private static final int MAX_TRACKED = 100_000;

    private record Window(Instant opened, AtomicInteger failures) {
    }

    private final int attempts;
    private final Duration length;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, Window> windows;

    LoginThrottle(AuthSettings settings) {
        this.attempts = settings.loginAttempts();
        this.length = settings.loginWindow();
        this.windows = Caffeine.newBuilder().expireAfterWrite(length).maximumSize(MAX_TRACKED).build();
    }

    /** How long this name or address must wait, if either has used up its failed attempts. */
    public Optional<Duration> blocked(String name, String address) {
        var now = clock.instant();
        return longest(waitFor("name:" + name, now), waitFor("address:" + address, now));
    }

    public void failed(String name, String address) {
        var now = clock.instant();
        count("name:" + name, now);
        count("address:" + address, now);
    }

    private void count(String key, Instant now) {
        windows.get(key, k -> new Window(now, new AtomicInteger())).failures().incrementAndGet();
    }

    private Optional<Duration> waitFor(String key, Instant now) {
        var window = windows.getIfPresent(key);
        if (window == null || window.failures().get() < attempts) {
            return Optional.empty();
        }
        var left = Duration.between(now, window.opened().plus(length));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.filter(d -> d.compareTo(a.get()) > 0).or(() -> a);
    }
}
