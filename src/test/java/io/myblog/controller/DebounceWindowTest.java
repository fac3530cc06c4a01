package io.myblog.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DebounceWindowTest {

    private static final Duration DEBOUNCE = Duration.ofSeconds(10);
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final Instant FIRST_CHANGE = Instant.parse("2025-01-01T10:00:00Z");

    private final DebounceWindow window = new DebounceWindow(DEBOUNCE, MAX_WAIT);

    @Test
    void checksOneDebounceAfterTheLatestChange() {
        window.delayAfterChange(FIRST_CHANGE);

        assertThat(window.delayAfterChange(FIRST_CHANGE.plusSeconds(5))).isEqualTo(DEBOUNCE.toMillis());
    }

    @Test
    void editsThatNeverPauseAreCheckedMaxWaitAfterTheFirstOne() {
        // Given a change every few seconds since the first
        for (var second = 0; second < 50; second += 5) {
            window.delayAfterChange(FIRST_CHANGE.plusSeconds(second));
        }

        // When one more arrives 55 s after the first
        var delay = window.delayAfterChange(FIRST_CHANGE.plusSeconds(55));

        // Then the check runs at the maximum wait, not a debounce later
        assertThat(delay).isEqualTo(MAX_WAIT.minusSeconds(55).toMillis());
        assertThat(window.delayAfterChange(FIRST_CHANGE.plus(MAX_WAIT).plusSeconds(3))).isZero();
    }

    @Test
    void aCheckOpensANewWindow() {
        window.delayAfterChange(FIRST_CHANGE);
        window.checked();

        assertThat(window.delayAfterChange(FIRST_CHANGE.plusSeconds(55))).isEqualTo(DEBOUNCE.toMillis());
    }

    @Test
    void aHeldCheckLooksAgainWhenTheHoldEndsOrADebounceLaterWhicheverComesFirst() {
        assertThat(window.delayWhileHeld(FIRST_CHANGE, FIRST_CHANGE.plusSeconds(3))).isEqualTo(3_000);
        assertThat(window.delayWhileHeld(FIRST_CHANGE, FIRST_CHANGE.plus(Duration.ofMinutes(5)))).isEqualTo(DEBOUNCE.toMillis());
        assertThat(window.delayWhileHeld(FIRST_CHANGE, FIRST_CHANGE)).as("never a busy loop").isEqualTo(1);
    }
}
