package io.myblog.service.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.myblog.service.account.AuthSettings;
import io.myblog.service.database.DatabaseFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Slows guessing with delays that grow with each failed login, never with a fixed lock: after the free failures, the
 * next attempt must wait the first delay, and each further failure doubles it, up to a cap. Counted three ways: per
 * name from one client address and per address (one attacker's guesses, capped at {@link AuthSettings#loginMaxDelay()}),
 * and per name from every address (many attackers against one author, capped at the short
 * {@link AuthSettings#loginNameMaxDelay()}, so nobody can keep an author out for longer). An attempt that comes too early
 * is refused before its password is checked, so a delay is no oracle. In memory, per replica (README).
 */
@ApplicationScoped
public class LoginThrottle {

    /** Bounds the memory an attacker can make us spend on names and addresses. */
    private static final int MAX_TRACKED = 100_000;

    /** Failures of one key so far, and when the last one happened. */
    private record Failures(int count, Instant last) {
    }

    private final int free;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration nameMaxDelay;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, Failures> failures;

    LoginThrottle(AuthSettings settings) {
        this.free = settings.loginFreeFailures();
        this.firstDelay = settings.loginFirstDelay();
        this.maxDelay = settings.loginMaxDelay();
        this.nameMaxDelay = settings.loginNameMaxDelay();
        this.failures = Caffeine.newBuilder().expireAfterWrite(settings.loginForgetAfter()).maximumSize(MAX_TRACKED).build();
    }

    /**
     * Runs a sign-in of {@code name} from {@code address} through the throttle: refused with {@link LoginThrottled}
     * (inside an AuthenticationFailedException) while a delay lasts, its password unchecked; else counted as it ends.
     * Basic and the sign-in form both come through here, so they are throttled alike.
     */
    public Uni<SecurityIdentity> guard(String name, String address, Supplier<Uni<SecurityIdentity>> attempt) {
        var wait = blocked(name, address);
        if (wait.isPresent()) {
            return Uni.createFrom().failure(new AuthenticationFailedException(new LoginThrottled(wait.get())));
        }
        return attempt.get()
                .invoke(identity -> succeeded(name, address))
                .onFailure(LoginThrottle::refusedCredentials).invoke(() -> failed(name, address));
    }

    /** A wrong name or password, not a database that could not be asked (that is a 503, and no one's fault). */
    private static boolean refusedCredentials(Throwable failure) {
        return failure instanceof AuthenticationFailedException && !DatabaseFailures.isUnavailable(failure);
    }

    /** How long this login must wait yet, if the name, the address or the pair is within its delay. */
    public Optional<Duration> blocked(String name, String address) {
        var now = clock.instant();
        return Stream.of(waitFor(pair(name, address), maxDelay, now), waitFor(address(address), maxDelay, now),
                        waitFor(name(name), nameMaxDelay, now))
                .flatMap(Optional::stream)
                .max(Duration::compareTo);
    }

    public void failed(String name, String address) {
        var now = clock.instant();
        for (var key : new String[] {pair(name, address), address(address), name(name)}) {
            failures.asMap().merge(key, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
        }
    }

    /** The right password from this address: its own count starts afresh (the others decay on their own). */
    public void succeeded(String name, String address) {
        failures.invalidate(pair(name, address));
    }

    private Optional<Duration> waitFor(String key, Duration cap, Instant now) {
        var counted = failures.getIfPresent(key);
        if (counted == null || counted.count() < free) {
            return Optional.empty();
        }
        var left = Duration.between(now, counted.last().plus(delay(counted.count() - free, cap)));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** The first delay doubled {@code doublings} times, at most {@code cap}. */
    private Duration delay(int doublings, Duration cap) {
        var delay = firstDelay;
        for (int i = 0; i < doublings && delay.compareTo(cap) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    private static String pair(String name, String address) {
        return "pair:" + address + ":" + name;
    }

    private static String address(String address) {
        return "address:" + address;
    }

    private static String name(String name) {
        return "name:" + name;
    }
}
