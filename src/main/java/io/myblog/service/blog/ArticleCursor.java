package io.myblog.service.blog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Where a page of a listing ends: the last item's {@code createdAt} and {@code id} (newest first, ties by id), and
 * which query it belongs to. Sent to clients as an opaque token with a checksum, so a mangled or edited token, or
 * one reused with another query, is refused rather than resumed somewhere else. The token is a position, not a
 * secret: forging one would only show what the listing shows anyway, so no key is needed across replicas.
 */
record ArticleCursor(Instant createdAt, long id, int query) {

    /** Before every article: the first page is read as "after" this. */
    static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");

    private static final byte FORMAT = 1;
    private static final int PAYLOAD = 1 + 8 + 4 + 8 + 4;
    private static final int CHECK = 8;
    private static final byte[] DOMAIN = "myblog article cursor".getBytes(StandardCharsets.UTF_8);

    static ArticleCursor first(List<String> queryTerms) {
        return new ArticleCursor(END_OF_TIME, Long.MAX_VALUE, queryHash(queryTerms));
    }

    static ArticleCursor after(ArticleSummary last, List<String> queryTerms) {
        return new ArticleCursor(last.createdAt(), last.id(), queryHash(queryTerms));
    }

    String encode() {
        var bytes = ByteBuffer.allocate(PAYLOAD + CHECK)
                .put(FORMAT).putLong(createdAt.getEpochSecond()).putInt(createdAt.getNano()).putLong(id).putInt(query);
        bytes.put(check(bytes.array()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The cursor a client sent back, for the query it sends with it; {@link InvalidCursor} if it is not one of ours. */
    static ArticleCursor decode(String token, List<String> queryTerms) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursor("is not a cursor this service returned");
        }
        if (bytes.length != PAYLOAD + CHECK || bytes[0] != FORMAT
                || !MessageDigest.isEqual(check(bytes), Arrays.copyOfRange(bytes, PAYLOAD, PAYLOAD + CHECK))) {
            throw new InvalidCursor("is not a cursor this service returned");
        }
        var buffer = ByteBuffer.wrap(bytes, 1, PAYLOAD - 1);
        long seconds = buffer.getLong();
        int nanos = buffer.getInt();
        long id = buffer.getLong();
        int query = buffer.getInt();
        if (query != queryHash(queryTerms)) {
            throw new InvalidCursor("belongs to another search: send the q it was returned with");
        }
        if (nanos < 0 || nanos > 999_999_999 || seconds < 0 || seconds > END_OF_TIME.getEpochSecond() || id < 0) {
            throw new InvalidCursor("is not a cursor this service returned");
        }
        return new ArticleCursor(Instant.ofEpochSecond(seconds, nanos), id, query);
    }

    private static byte[] check(byte[] bytes) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(DOMAIN);
            digest.update(bytes, 0, PAYLOAD);
            return Arrays.copyOf(digest.digest(), CHECK);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static int queryHash(List<String> queryTerms) {
        return queryTerms.stream().sorted().toList().hashCode();
    }
}
