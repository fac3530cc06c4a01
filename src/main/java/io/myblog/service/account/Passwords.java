package io.myblog.service.account;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** bcrypt hashes of passwords, and the stamp that ties a token to the password it was issued for. */
public final class Passwords {

    /** About 50 ms of CPU per check on our machines: slow for guessing, paid once per login, not per request. */
    private static final int COST = 10;

    private Passwords() {
    }

    static String hash(String password) {
        return BcryptUtil.bcryptHash(password, COST);
    }

    static boolean matches(String password, String hash) {
        return BcryptUtil.matches(password, hash);
    }

    /**
     * Whether {@code password} matches the stored hash; with no hash (an unknown name), a comparison against a hash of
     * nothing anyone knows, of the same cost, so both answers take as long.
     */
    public static boolean matchesOrDummy(String password, Optional<String> hash) {
        boolean matched = BcryptUtil.matches(password, hash.orElse(DummyHash.VALUE));
        return hash.isPresent() && matched;
    }

    /** Made on first use, not at class load: start-up need not pay a bcrypt. */
    private static final class DummyHash {
        static final String VALUE = hash(UUID.randomUUID().toString());
    }

    /** Changes whenever the password does (a new hash has a new salt); reveals nothing usable about either. */
    public static String stamp(String hash) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(hash.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
