package io.myblog.blog;

import io.quarkus.hibernate.orm.panache.common.ProjectedFieldName;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * What the index page lists: an article with a short excerpt of its content. The query reads only the content's first
 * {@link #EXCERPT_READ} characters, never the whole column.
 */
@RegisterForReflection // built by a Panache projection, by reflection in a native image
public record ArticleSummary(
        long id, String title, String author, Instant createdAt,
        // Panache puts this into the select clause as written (the record component is not a column)
        @ProjectedFieldName("substring(content, 1, " + ArticleSummary.EXCERPT_READ + ")") String excerpt) {

    /** Characters of content an excerpt shows at most, before its ellipsis. */
    public static final int EXCERPT_LENGTH = 200;
    /** One more than is shown: tells whether there was more to cut. */
    static final int EXCERPT_READ = EXCERPT_LENGTH + 1;

    public ArticleSummary {
        excerpt = shorten(excerpt);
    }

    /** Whitespace (line breaks too) as single spaces; cut at a word when one is near, else at the length; then "…". */
    static String shorten(String content) {
        var text = content.strip().replaceAll("\\s+", " ");
        if (text.codePointCount(0, text.length()) <= EXCERPT_LENGTH) {
            return text;
        }
        var cut = text.substring(0, text.offsetByCodePoints(0, EXCERPT_LENGTH));
        int space = cut.lastIndexOf(' ');
        if (space > EXCERPT_LENGTH * 3 / 4) {
            cut = cut.substring(0, space);
        }
        return cut.stripTrailing() + "…";
    }
}
