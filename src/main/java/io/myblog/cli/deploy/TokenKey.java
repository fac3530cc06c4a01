package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import io.myblog.shared.TokenKeys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key that signs session tokens (MYBLOG_TOKEN_KEY of Secret myblog): the same on every replica, created once by
 * deploy when missing and kept after, so tokens survive deploys. A rotation makes a new key and keeps the old one as
 * MYBLOG_TOKEN_KEY_PREVIOUS until MYBLOG_TOKEN_KEY_PREVIOUS_UNTIL, so no token issued before it stops working early.
 * No value is ever printed.
 */
final class TokenKey {

    static final String KEY = TokenKeys.KEY;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A rotation asked of this deploy: from {@code at}, the old key is accepted until {@code previousUntil}. */
    record Rotation(Instant previousUntil) {
    }

    private TokenKey() {
    }

    /**
     * The env file's entries, plus the key the cluster already has (or a new one) when the file names none; with a
     * rotation, a new key and the old one as the previous; without, a previous key the cluster still accepts is kept.
     */
    static Map<String, String> completing(Map<String, String> envFile, Optional<Secret> live,
            Optional<Rotation> rotation, Instant now) {
        if (envFile.containsKey(KEY)) {
            if (rotation.isPresent()) {
                throw DeployFailure.badInput("--rotate-token-key: the env file sets " + KEY + " itself; remove it from "
                        + "the file to let deploy rotate the key, or put the new key there and the old one as "
                        + TokenKeys.PREVIOUS + " with " + TokenKeys.PREVIOUS_UNTIL);
            }
            return envFile;
        }
        var complete = new LinkedHashMap<>(envFile);
        var liveValues = live.map(TokenKey::values).orElse(Map.of());
        var current = Optional.ofNullable(liveValues.get(KEY));
        if (rotation.isPresent()) {
            complete.putAll(rotated(current, rotation.get()));
            return complete;
        }
        complete.put(KEY, current.orElseGet(TokenKey::generate));
        if (!envFile.containsKey(TokenKeys.PREVIOUS) && liveValues.containsKey(TokenKeys.PREVIOUS)
                && stillAccepted(liveValues.get(TokenKeys.PREVIOUS_UNTIL), now)) {
            complete.put(TokenKeys.PREVIOUS, liveValues.get(TokenKeys.PREVIOUS));
            complete.put(TokenKeys.PREVIOUS_UNTIL, liveValues.get(TokenKeys.PREVIOUS_UNTIL));
        }
        return complete;
    }

    static boolean missingIn(Secret secret) {
        return !values(secret).containsKey(KEY);
    }

    /** A JSON merge patch that adds a new key and touches no other entry of the Secret. */
    static String addPatch() {
        return patch(Map.of(KEY, generate()));
    }

    /** A JSON merge patch of the live Secret that rotates its key and touches no other entry. */
    static String rotatePatch(Secret live, Rotation rotation) {
        return patch(rotated(Optional.ofNullable(values(live).get(KEY)), rotation));
    }

    private static Map<String, String> rotated(Optional<String> current, Rotation rotation) {
        var keys = new LinkedHashMap<String, String>();
        keys.put(KEY, generate());
        current.ifPresent(old -> {
            keys.put(TokenKeys.PREVIOUS, old);
            keys.put(TokenKeys.PREVIOUS_UNTIL, rotation.previousUntil().toString());
        });
        return keys;
    }

    private static String patch(Map<String, String> entries) {
        var data = new StringBuilder();
        entries.forEach((key, value) -> data.append(data.isEmpty() ? "" : ",").append('"').append(key).append("\":\"")
                .append(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))).append('"'));
        return "{\"data\":{" + data + "}}";
    }

    private static boolean stillAccepted(String until, Instant now) {
        try {
            return until != null && Instant.parse(until).isAfter(now);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static Map<String, String> values(Secret secret) {
        var values = new LinkedHashMap<String, String>();
        Optional.ofNullable(secret.getData()).orElse(Map.of()).forEach((key, value) -> values.put(key,
                new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return values;
    }

    private static String generate() {
        var bytes = new byte[TokenKeys.MIN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
