package io.myblog.service.auth;

import io.myblog.service.account.AuthSettings;
import io.myblog.shared.TokenKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Session tokens: {@code mb2.<key id>.<name>.<expiry>.<password stamp>.<HMAC-SHA256>}, signed with
 * {@code MYBLOG_TOKEN_KEY} so any replica accepts what another issued. The key id names the key that signed, so during
 * a rotation the previous key ({@code MYBLOG_TOKEN_KEY_PREVIOUS}) still verifies its tokens until its end; it never
 * signs. The stamp ends a token when the password changes. Hand-written because smallrye-jwt takes an HMAC key only as
 * a JWK, and the stamp check would still need its own identity step.
 */
@ApplicationScoped
public class SessionTokens {

    private static final Logger LOG = Logger.getLogger(SessionTokens.class);
    private static final String VERSION = "mb2";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a valid token says: who, and for which password. */
    public record Claims(String name, String stamp) {
    }

    /** A token and when it stops being accepted. */
    public record Issued(String token, Instant expiresAt) {
    }

    /** A signing key and its id: the first bytes of its SHA-256, which tell keys apart and reveal nothing of them. */
    private record Key(String id, SecretKeySpec spec, Instant acceptedUntil) {

        static Key of(byte[] secret, Instant acceptedUntil) {
            try {
                var digest = MessageDigest.getInstance("SHA-256").digest(secret);
                return new Key(ENCODER.encodeToString(digest).substring(0, 8), new SecretKeySpec(secret, ALGORITHM),
                        acceptedUntil);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }

    private final Key current;
    private final Optional<Key> previous;
    private final java.time.Duration lifetime;
    private final Clock clock = Clock.systemUTC();

    SessionTokens(AuthSettings settings) {
        misconfiguration(settings).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        this.lifetime = settings.tokenLifetime();
        this.current = Key.of(settings.tokenKey().map(SessionTokens::bytes).orElseGet(() -> {
            LOG.warn("MYBLOG_TOKEN_KEY is not set: session tokens are signed with a key of this process only, so "
                    + "they work on this replica until it restarts. deploy puts a key into Secret myblog.");
            var random = new byte[TokenKeys.MIN_BYTES];
            new SecureRandom().nextBytes(random);
            return random;
        }), Instant.MAX);
        this.previous = settings.previousTokenKey()
                .map(key -> Key.of(bytes(key), settings.previousTokenKeyUntil().orElseThrow()));
    }

    /** Why these keys cannot sign and check tokens, naming settings and never values; empty when they can. */
    static Optional<String> misconfiguration(AuthSettings settings) {
        var weak = settings.tokenKey().map(key -> TokenKeys.weakness(TokenKeys.KEY, key))
                .or(() -> settings.previousTokenKey().map(key -> TokenKeys.weakness(TokenKeys.PREVIOUS, key)));
        if (weak.isPresent()) {
            return weak;
        }
        if (settings.previousTokenKey().isPresent() && settings.previousTokenKeyUntil().isEmpty()) {
            return Optional.of(TokenKeys.PREVIOUS + " is set without " + TokenKeys.PREVIOUS_UNTIL + ", the instant it "
                    + "stops being accepted (ISO-8601, e.g. 2026-12-07T18:00:00Z): without it an old key would be valid "
                    + "forever");
        }
        return Optional.empty();
    }

    public Issued issue(String name, String stamp) {
        var expiresAt = clock.instant().plus(lifetime);
        var payload = VERSION + "." + current.id() + "." + ENCODER.encodeToString(name.getBytes(StandardCharsets.UTF_8))
                + "." + expiresAt.getEpochSecond() + "." + stamp;
        return new Issued(payload + "." + ENCODER.encodeToString(sign(current, payload)), expiresAt);
    }

    /** The claims of an unexpired token that a key still accepted signed; empty for anything else. */
    public Optional<Claims> verify(String token) {
        var parts = token.split("\\.", -1);
        if (parts.length != 6 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        var now = clock.instant();
        var key = keyWithId(parts[1]).filter(signer -> now.isBefore(signer.acceptedUntil()));
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            var payload = token.substring(0, token.lastIndexOf('.'));
            if (!MessageDigest.isEqual(sign(key.get(), payload), DECODER.decode(parts[5]))) {
                return Optional.empty();
            }
            if (!now.isBefore(Instant.ofEpochSecond(Long.parseLong(parts[3])))) {
                return Optional.empty();
            }
            return Optional.of(new Claims(new String(DECODER.decode(parts[2]), StandardCharsets.UTF_8), parts[4]));
        } catch (IllegalArgumentException e) { // bad base64 or number: not one of ours
            return Optional.empty();
        }
    }

    private Optional<Key> keyWithId(String id) {
        if (current.id().equals(id)) {
            return Optional.of(current);
        }
        return previous.filter(key -> key.id().equals(id));
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sign(Key key, String payload) {
        try {
            var mac = Mac.getInstance(ALGORITHM);
            mac.init(key.spec());
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
