package io.myblog.service.blog;

import io.smallrye.mutiny.Uni;
import io.myblog.service.blog.markdown.RenderedArticles;
import io.quarkus.qute.RawString;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Renders one page of the index: {@link #SIZE} summaries newest first from the API's cursor (none: the newest), only
 * titles holding the words of {@code q} when given. A cursor only leads on, so the way back is to the newest page.
 * Absolute links carry {@link Origin#MARK}, so one rendered page serves every host ({@link Origin#fill}).
 */
@ApplicationScoped
class BlogIndexPage {

    static final int SIZE = 10;

    private final ArticleService service;
    private final RenderedArticles rendered;

    BlogIndexPage(ArticleService service, RenderedArticles rendered) {
        this.service = service;
        this.rendered = rendered;
    }

    Uni<String> render(String cursor, String q) {
        var query = q == null ? "" : q.strip();
        var newest = cursor != null ? link(null, query) : null;
        return service.newest(query, cursor, SIZE).map(page -> {
            var older = page.next().map(next -> link(next, query)).orElse(null);
            var entries = page.items().stream().map(this::entry).toList();
            var canonical = new RawString(Origin.MARK + link(cursor, query).replace("&", "&amp;"));
            return new BlogPages.index(entries, query, newest, older, canonical).render();
        });
    }

    private BlogPages.Entry entry(ArticleSummary summary) {
        // one less: excerptOf never splits an emoji
        boolean complete = summary.excerpt().length() < ArticleSummary.EXCERPT_LENGTH - 1;
        return new BlogPages.Entry(summary, BlogPages.teaser(rendered.excerpt(summary.excerpt()), complete));
    }

    private static String link(String cursor, String q) {
        var link = new StringBuilder("/blog/index/");
        var separator = '?';
        if (cursor != null) {
            link.append(separator).append("cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            separator = '&';
        }
        if (!q.isEmpty()) {
            link.append(separator).append("q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
        }
        return link.toString();
    }
}
