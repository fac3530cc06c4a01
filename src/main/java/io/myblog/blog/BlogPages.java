package io.myblog.blog;

import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/** The blog's HTML pages, rendered by Qute from templates/BlogPages/; expressions are HTML-escaped there. */
final class BlogPages {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private BlogPages() {
    }

    /** {@code newest} and {@code older}: links to the first and to the next page, null where there is none. */
    record index(List<ArticleSummary> articles, String q, String newest, String older) implements TemplateInstance {
    }

    /** {@code paragraphs}: the content's paragraphs, each as its lines. */
    record article(ArticleView article, List<List<String>> paragraphs) implements TemplateInstance {

        static article of(ArticleView article) {
            return new article(article, BlogPages.paragraphs(article.content()));
        }
    }

    /** Blank lines separate paragraphs; a single line break stays a line break. No markup is interpreted. */
    static List<List<String>> paragraphs(String content) {
        return Arrays.stream(content.replace("\r\n", "\n").replace('\r', '\n').split("\n\\s*\n"))
                .map(String::strip)
                .filter(paragraph -> !paragraph.isEmpty())
                .map(paragraph -> paragraph.lines().map(String::strip).toList())
                .toList();
    }

    /**
     * {@code {article.teaser}}: the excerpt on one line, cut at a word near its end when the content went on, with "…".
     * The excerpt holds the content's first {@link ArticleSummary#EXCERPT_LENGTH} characters.
     */
    @TemplateExtension
    static String teaser(ArticleSummary summary) {
        var text = summary.excerpt().strip().replaceAll("\\s+", " ");
        if (summary.excerpt().length() < ArticleSummary.EXCERPT_LENGTH - 1) {
            return text; // the whole content (one less: excerptOf never splits an emoji)
        }
        int space = text.lastIndexOf(' ');
        return (space > text.length() * 3 / 4 ? text.substring(0, space) : text).stripTrailing() + "…";
    }

    /** {@code {article.createdAt.day}}: the date in UTC, as 2026-11-29. */
    @TemplateExtension
    static String day(Instant instant) {
        return DAY.format(instant);
    }
}
