package io.myblog.blog;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Renders one page of the index: {@link #SIZE} summaries, newest first, optionally only titles containing {@code q}. */
@ApplicationScoped
class BlogIndexPage {

    static final int SIZE = 10;
    /** Keeps page × size far from overflow and deep offsets away; older articles are a search away. */
    static final int MAX_PAGE = 999;

    private final ArticleService service;

    BlogIndexPage(ArticleService service) {
        this.service = service;
    }

    /** Blocks on the database: call it on a worker thread. */
    String render(int page, String q) {
        var query = q == null ? "" : q.strip();
        var summaries = service.summaries(page, SIZE, query);
        var newer = page > 0 ? link(page - 1, query) : null;
        var older = summaries.hasOlder() && page < MAX_PAGE ? link(page + 1, query) : null;
        return new BlogPages.index(summaries.items(), query, newer, older).render();
    }

    private static String link(int page, String q) {
        var link = new StringBuilder("/blog/index/");
        var separator = '?';
        if (page > 0) {
            link.append(separator).append("page=").append(page);
            separator = '&';
        }
        if (!q.isEmpty()) {
            link.append(separator).append("q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
        }
        return link.toString();
    }
}
