package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key that signs session tokens (MYBLOG_TOKEN_KEY of Secret myblog): the same on every replica, created once by
 * deploy when missing and kept after, so tokens survive deploys. Its value is never printed.
 */
final class TokenKey {

    static final String KEY = "MYBLOG_TOKEN_KEY";
    private static final int BYTES = 32; // HMAC-SHA256: a key as long as the hash
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenKey() {
    }

    /** The env file's entries, plus the key the cluster already has (or a new one) when the file names none. */
    static Map<String, String> completing(Map<String, String> envFile, Optional<Secret> live) {
        if (envFile.containsKey(KEY)) {
            return envFile;
        }
        var complete = new LinkedHashMap<>(envFile);
        complete.put(KEY, live.flatMap(TokenKey::of).orElseGet(TokenKey::generate));
        return complete;
    }

    static boolean missingIn(Secret secret) {
        return of(secret).isEmpty();
    }

    /** A JSON merge patch that adds a new key and touches no other entry of the Secret. */
    static String addPatch() {
        var encoded = Base64.getEncoder().encodeToString(generate().getBytes(StandardCharsets.UTF_8));
        return "{\"data\":{\"" + KEY + "\":\"" + encoded + "\"}}";
    }

    private static Optional<String> of(Secret secret) {
        return Optional.ofNullable(secret.getData()).map(data -> data.get(KEY))
                .map(value -> new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
    }

    private static String generate() {
        var bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
