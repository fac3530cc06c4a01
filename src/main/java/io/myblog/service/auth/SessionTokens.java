package io.myblog.service.auth;

import io.myblog.service.account.AuthSettings;
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
 * Session tokens: {@code mb1.<name>.<expiry>.<password stamp>.<HMAC-SHA256>}, signed with {@code MYBLOG_TOKEN_KEY} so
 * any replica accepts what another issued. The stamp ends a token when the password changes. Hand-written because
 * smallrye-jwt takes an HMAC key only as a JWK, and the stamp check would still need its own identity step.
 */
@ApplicationScoped
public class SessionTokens {

    private static final Logger LOG = Logger.getLogger(SessionTokens.class);
    private static final String VERSION = "mb1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a valid token says: who, and for which password. */
    public record Claims(String name, String stamp) {
    }

    /** A token and when it stops being accepted. */
    public record Issued(String token, Instant expiresAt) {
    }

    private final SecretKeySpec key;
    private final java.time.Duration lifetime;
    private final Clock clock = Clock.systemUTC();

    SessionTokens(AuthSettings settings) {
        this.lifetime = settings.tokenLifetime();
        this.key = new SecretKeySpec(settings.tokenKey().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            LOG.warn("MYBLOG_TOKEN_KEY is not set: session tokens are signed with a key of this process only, so "
                    + "they work on this replica until it restarts. deploy puts a key into Secret myblog.");
            var random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }), ALGORITHM);
    }

    public Issued issue(String name, String stamp) {
        var expiresAt = clock.instant().plus(lifetime);
        var payload = VERSION + "." + ENCODER.encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "."
                + expiresAt.getEpochSecond() + "." + stamp;
        return new Issued(payload + "." + ENCODER.encodeToString(sign(payload)), expiresAt);
    }

    /** The claims of a token this key signed that has not expired; empty for anything else. */
    public Optional<Claims> verify(String token) {
        var parts = token.split("\\.", -1);
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            var payload = token.substring(0, token.lastIndexOf('.'));
            if (!MessageDigest.isEqual(sign(payload), DECODER.decode(parts[4]))) {
                return Optional.empty();
            }
            if (!clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(parts[2])))) {
                return Optional.empty();
            }
            return Optional.of(new Claims(new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8), parts[3]));
        } catch (IllegalArgumentException e) { // bad base64 or number: not one of ours
            return Optional.empty();
        }
    }

    private byte[] sign(String payload) {
        try {
            var mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
