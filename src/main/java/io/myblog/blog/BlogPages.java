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

    /** {@code newer} and {@code older}: links to the neighbouring pages, null where there is none. */
    record index(List<ArticleSummary> articles, String q, String newer, String older) implements TemplateInstance {
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

    /** {@code {article.createdAt.day}}: the date in UTC, as 2026-11-29. */
    @TemplateExtension
    static String day(Instant instant) {
        return DAY.format(instant);
    }
}
