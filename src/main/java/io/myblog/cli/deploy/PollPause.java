package io.myblog.cli.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The pause between two reads of a bounded wait: one poll interval, or what is left until the deadline if less. */
final class PollPause {

    private PollPause() {
    }

    /** Sleeps at least a millisecond; an interrupt ends the command, saying what it was waiting for. */
    static void beforeNextPoll(Duration pollInterval, Clock clock, Instant deadline, String what) {
        try {
            Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), Duration.between(clock.instant(), deadline).toMillis())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeployFailure.rollout("interrupted while waiting for " + what);
        }
    }
}
