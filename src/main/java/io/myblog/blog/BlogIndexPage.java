package io.myblog.blog;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Renders one page of the index: {@link #SIZE} summaries newest first from the API's cursor (none: the newest), only
 * titles holding the words of {@code q} when given. A cursor only leads on, so the way back is to the newest page.
 */
@ApplicationScoped
class BlogIndexPage {

    static final int SIZE = 10;

    private final ArticleService service;

    BlogIndexPage(ArticleService service) {
        this.service = service;
    }

    Uni<String> render(String cursor, String q) {
        var query = q == null ? "" : q.strip();
        var newest = cursor != null ? link(null, query) : null;
        return service.newest(query, cursor, SIZE).map(page -> {
            var older = page.next().map(next -> link(next, query)).orElse(null);
            return new BlogPages.index(page.items(), query, newest, older).render();
        });
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
