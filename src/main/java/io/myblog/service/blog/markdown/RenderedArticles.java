package io.myblog.service.blog.markdown;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Articles rendered once per version: every change moves an article's version, so id and version name one source.
 * Bounded by size, not count, because one article's HTML can be megabytes; Quarkus' {@code @CacheResult} bounds only
 * the number of entries.
 */
@ApplicationScoped
public class RenderedArticles {

    /** Markdown renders, {@code of="article"} or {@code of="excerpt"}: about one per article version. */
    public static final String RENDERS = "myblog.markdown.renders";
    /** About 16 MB of rendered text (the characters of HTML and plain text together). */
    static final long MAX_CHARS = 16L << 20;
    /** Excerpts are at most 200 characters of source; their plain text is all a list shows. */
    static final long MAX_EXCERPTS = 10_000;

    private final Markdown markdown = new Markdown();
    private final Cache<Version, Rendered> articles = Caffeine.newBuilder()
            .maximumWeight(MAX_CHARS)
            .weigher((Version key, Rendered value) -> value.html().length() + value.text().length())
            .build();
    private final Cache<String, String> excerpts = Caffeine.newBuilder().maximumSize(MAX_EXCERPTS).build();
    private final Counter articleRenders;
    private final Counter excerptRenders;

    RenderedArticles(MeterRegistry registry) {
        articleRenders = Counter.builder(RENDERS).tag("of", "article").description("Markdown renders").register(registry);
        excerptRenders = Counter.builder(RENDERS).tag("of", "excerpt").description("Markdown renders").register(registry);
    }

    /** Article {@code id} at {@code version}, whose source is {@code content}. */
    public Rendered article(long id, long version, String content) {
        return articles.get(new Version(id, version), key -> {
            articleRenders.increment();
            return markdown.render(content);
        });
    }

    /** An editor's preview: text no one saved yet, rendered each time and kept nowhere. */
    public Rendered preview(String source) {
        return markdown.render(source);
    }

    /** The plain text of the start of an article's source (a list's excerpt), as the article's page shows it. */
    public String excerpt(String source) {
        return excerpts.get(source, key -> {
            excerptRenders.increment();
            return markdown.text(key);
        });
    }

    private record Version(long id, long version) {
    }
}
