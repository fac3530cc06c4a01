package io.myblog.controller;

import java.time.Duration;
import java.time.Instant;

/**
 * When the next check runs: {@code debounce} after the latest change, but never later than {@code maxWait} after the
 * first change not yet checked, so a stream of edits cannot hold it off forever. Pure; the caller owns the clock.
 */
final class DebounceWindow {

    private final Duration debounce;
    private final Duration maxWait;
    /** The first change not yet checked. */
    private Instant firstUnchecked;

    DebounceWindow(Duration debounce, Duration maxWait) {
        this.debounce = debounce;
        this.maxWait = maxWait;
    }

    /** How long after {@code now}, when a change was seen, the check runs, in milliseconds. */
    long delayAfterChange(Instant now) {
        if (firstUnchecked == null) {
            firstUnchecked = now;
        }
        var latest = Duration.between(now, firstUnchecked.plus(maxWait));
        return Math.max(0, Math.min(debounce.toMillis(), latest.toMillis()));
    }

    /** How long after {@code now} a check held by a deploy looks again: a debounce later, or when the hold ends. */
    long delayWhileHeld(Instant now, Instant heldUntil) {
        return Math.max(1, Math.min(debounce.toMillis(), Duration.between(now, heldUntil).toMillis()));
    }

    /** A check ran: the next change opens a new window. */
    void checked() {
        firstUnchecked = null;
    }
}
