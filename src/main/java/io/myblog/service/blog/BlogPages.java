package io.myblog.service.blog;

import io.myblog.service.blog.markdown.Rendered;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The blog's HTML pages, rendered by Qute from templates/BlogPages/; expressions are HTML-escaped there. */
final class BlogPages {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private BlogPages() {
    }

    /** Characters of an article's text its page gives as its description (search results show about this many). */
    static final int DESCRIPTION_LENGTH = 160;

    /**
     * {@code newest} and {@code older}: links to the first and to the next page, null where there is none;
     * {@code canonical} this page's absolute URL.
     */
    record index(List<Entry> articles, String q, String newest, String older, RawString canonical)
            implements TemplateInstance {
    }

    /** An index entry: {@code teaser} the plain text of the article's start, on one line. */
    record Entry(ArticleSummary article, String teaser) {
    }

    /** {@code html}: the article's rendered Markdown, placed as is (it carries no active content). */
    record article(ArticleView article, RawString html, String description, String canonical) implements TemplateInstance {

        static article of(ArticleView article, Rendered rendered, Origin origin) {
            return new article(article, new RawString(rendered.html()), cut(rendered.text(), DESCRIPTION_LENGTH),
                    origin.url("/blog/article/" + article.id() + "/"));
        }
    }

    /**
     * The editor of a new article ({@code id} and {@code version} null) or of article {@code id} at {@code version}.
     * {@code preview}: the rendered text when asked for; {@code theirs}: the version someone saved meanwhile (a stale
     * edit), shown beside the author's own text, which stays in the form; {@code message}: why the form is back.
     */
    record editor(Long id, Long version, String title, String content, String status, List<Field> invalid,
                  RawString preview, Theirs theirs, String message) implements TemplateInstance {
    }

    /** A field the form must correct, with why. */
    record Field(String name, String message) {
    }

    /** The saved version a stale edit collided with, rendered. */
    record Theirs(ArticleView article, RawString html) {
    }

    record delete(ArticleView article) implements TemplateInstance {
    }

    /**
     * The excerpt's text cut at a word near its end when the article went on, with "…". {@code complete}: the excerpt
     * held the whole source.
     */
    static String teaser(String text, boolean complete) {
        if (complete) {
            return text;
        }
        int space = text.lastIndexOf(' ');
        return (space > text.length() * 3 / 4 ? text.substring(0, space) : text).stripTrailing() + "…";
    }

    /** At most {@code max} characters, cut at a word, with "…" when cut. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return teaser(text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max), false);
    }

    /** {@code {article.createdAt.day}}: the date in UTC, as 2026-11-29. */
    @TemplateExtension
    static String day(Instant instant) {
        return DAY.format(instant);
    }
}
