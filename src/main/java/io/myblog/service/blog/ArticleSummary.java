package io.myblog.service.blog;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** An article in a list: its excerpt instead of its content, so a page never reads the content column. */
@RegisterForReflection // sent inside ArticlePage, whose List<> the native build does not follow for Jackson
public record ArticleSummary(long id, String title, String excerpt, String author, Instant createdAt) {

    /** Characters of the content a summary carries (the column article.excerpt). */
    public static final int EXCERPT_LENGTH = 200;

    static String excerptOf(String content) {
        if (content.length() <= EXCERPT_LENGTH) {
            return content;
        }
        // never half a surrogate pair (an emoji), which utf8mb4 would refuse
        return content.substring(0, Character.isHighSurrogate(content.charAt(EXCERPT_LENGTH - 1))
                ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH);
    }
}
