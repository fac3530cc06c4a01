package io.myblog.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.myblog.service.account.AuthSettings;
import io.myblog.shared.TokenKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tokens name the key that signed them; a rotation's previous key checks, never signs, and only until its end. */
class SessionTokensTest {

    private static final String OLD_KEY = "the-key-before-the-rotation-32-bytes-long";
    private static final String NEW_KEY = "the-key-after-the-rotation-is-32-bytes-long";
    private static final Instant AN_HOUR_ON = Instant.now().plus(Duration.ofHours(1));
    private static final Instant A_SECOND_AGO = Instant.now().minusSeconds(1);

    @Test
    void aTokenOfThePreviousKeyIsAcceptedUntilTheRotationEnds() {
        var before = tokens(OLD_KEY, null, null).issue("alice", "stamp-1").token();

        assertThat(tokens(NEW_KEY, OLD_KEY, AN_HOUR_ON).verify(before))
                .contains(new SessionTokens.Claims("alice", "stamp-1"));
        assertThat(tokens(NEW_KEY, OLD_KEY, A_SECOND_AGO).verify(before)).isEmpty();
        assertThat(tokens(NEW_KEY, null, null).verify(before)).isEmpty();
    }

    @Test
    void newTokensAreSignedWithTheCurrentKeyNeverThePreviousOne() {
        var during = tokens(NEW_KEY, OLD_KEY, AN_HOUR_ON).issue("alice", "stamp-1").token();

        assertThat(tokens(NEW_KEY, null, null).verify(during)).isPresent();
        assertThat(tokens(OLD_KEY, null, null).verify(during)).isEmpty();
    }

    @Test
    void aTokenWhoseKeyIdIsSwappedForTheOtherKeysIsRefused() {
        var rotation = tokens(NEW_KEY, OLD_KEY, AN_HOUR_ON);
        var oldToken = tokens(OLD_KEY, null, null).issue("alice", "s").token().split("\\.");
        var newToken = rotation.issue("alice", "s").token().split("\\.");
        oldToken[1] = newToken[1]; // the old key's signature under the new key's id

        assertThat(rotation.verify(String.join(".", oldToken))).isEmpty();
    }

    @Test
    void anAttackerWithoutTheKeyCannotForgeOrRenameATokensHolder() {
        var forged = tokens("an-attackers-own-key-of-at-least-32-bytes", null, null).issue("admin", "s").token();
        var real = tokens(NEW_KEY, null, null).issue("alice", "s").token().split("\\.");
        real[2] = forged.split("\\.")[2]; // alice's signature over admin's name

        assertThat(tokens(NEW_KEY, null, null).verify(forged)).isEmpty();
        assertThat(tokens(NEW_KEY, null, null).verify(String.join(".", real))).isEmpty();
    }

    @Test
    void aShortKeyIsRefusedNamingTheSettingAndNeverTheValue() {
        var weak = "only-31-bytes-of-token-key-here";

        assertThat(SessionTokens.misconfiguration(settings(weak, null, null))).hasValueSatisfying(problem -> {
            assertThat(problem).contains(TokenKeys.KEY, "31 bytes", "at least 32").doesNotContain(weak);
        });
        assertThat(SessionTokens.misconfiguration(settings(NEW_KEY, weak, AN_HOUR_ON)))
                .hasValueSatisfying(problem -> assertThat(problem).contains(TokenKeys.PREVIOUS).doesNotContain(weak));
        assertThatThrownBy(() -> tokens(weak, null, null)).hasMessageNotContaining(weak);
        assertThat(SessionTokens.misconfiguration(settings(NEW_KEY, null, null))).isEmpty();
    }

    @Test
    void aPreviousKeyWithoutAnEndIsRefused() {
        assertThat(SessionTokens.misconfiguration(settings(NEW_KEY, OLD_KEY, null)))
                .hasValueSatisfying(problem -> assertThat(problem).contains(TokenKeys.PREVIOUS_UNTIL));
    }

    private static SessionTokens tokens(String key, String previous, Instant until) {
        return new SessionTokens(settings(key, previous, until));
    }

    private static AuthSettings settings(String key, String previous, Instant until) {
        return new AuthSettings() {
            @Override
            public Optional<String> adminPassword() {
                return Optional.empty();
            }

            @Override
            public Optional<String> tokenKey() {
                return Optional.ofNullable(key);
            }

            @Override
            public Optional<String> previousTokenKey() {
                return Optional.ofNullable(previous);
            }

            @Override
            public Optional<Instant> previousTokenKeyUntil() {
                return Optional.ofNullable(until);
            }

            @Override
            public Duration tokenLifetime() {
                return TokenKeys.defaultLifetime();
            }

            @Override
            public int loginFreeFailures() {
                return 5;
            }

            @Override
            public Duration loginFirstDelay() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration loginMaxDelay() {
                return Duration.ofMinutes(15);
            }

            @Override
            public Duration loginNameMaxDelay() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration loginForgetAfter() {
                return Duration.ofHours(1);
            }
        };
    }
}
