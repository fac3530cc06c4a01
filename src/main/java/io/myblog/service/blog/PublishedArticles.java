package io.myblog.service.blog;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The articles the feed and the sitemap list, newest first: published ones only, read through the service's listing
 * and {@link ArticleService#findPublished}. The feed and the sitemap run on a worker thread (they render Markdown of
 * up to 20 articles), so this waits for the store's answers, bounded.
 */
@ApplicationScoped
class PublishedArticles {

    /** The listing's largest page: the sitemap reads every article in pages of this size. */
    private static final int PAGE = 100;
    /** Far above a statement's cost; a store that does not answer fails the request instead of holding the thread. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final ArticleService service;

    PublishedArticles(ArticleService service) {
        this.service = service;
    }

    /** The {@code count} newest, with their content. Blocks on the database. */
    List<ArticleView> newest(int count) {
        return service.newest("", null, count).await().atMost(BOUND).items().stream()
                .map(summary -> service.findPublished(summary.id()).await().atMost(BOUND))
                .flatMap(Optional::stream) // deleted or made a draft since the listing read it
                .toList();
    }

    /** Every published article. Blocks on the database. */
    List<ArticleSummary> all() {
        var all = new ArrayList<ArticleSummary>();
        String cursor = null;
        do {
            var page = service.newest("", cursor, PAGE).await().atMost(BOUND);
            all.addAll(page.items());
            cursor = page.next().orElse(null);
        } while (cursor != null);
        return all;
    }
}
