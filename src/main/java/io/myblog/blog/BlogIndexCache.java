package io.myblog.blog;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The index's first page (no search), served from memory for at most {@link BlogSettings#indexMaxAge()}: under load the page
 * costs one query per interval instead of one per request. A write through this replica drops the page once it has
 * committed; a write through another replica shows here when the page expires.
 */
@ApplicationScoped
public class BlogIndexCache {

    private final BlogIndexPage index;
    private final long maxAgeNanos;
    /** Moves on with every committed local write; a page rendered under an older generation is not served. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Rendered rendered;

    BlogIndexCache(BlogIndexPage index, BlogSettings settings) {
        this.index = index;
        this.maxAgeNanos = settings.indexMaxAge().toNanos();
    }

    /** The page from memory on the I/O thread when fresh; otherwise rendered on a worker thread, as it blocks. */
    Uni<String> page() {
        var current = rendered;
        if (current != null && current.generation() == generation.get()
                && System.nanoTime() - current.startedAt() < maxAgeNanos) {
            return Uni.createFrom().item(current.html());
        }
        return Uni.createFrom().item(this::render).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private String render() {
        long gen = generation.get();
        long startedAt = System.nanoTime(); // the page's age counts from before the query that read it
        var html = index.render(null, null);
        rendered = new Rendered(html, gen, startedAt);
        return html;
    }

    /** After commit, not before: a render between the two would read the old rows and keep them. */
    void articlesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ArticlesChanged change) {
        generation.incrementAndGet();
    }

    /** Drops the page now, for a change this replica cannot see (tests that write to the table directly). */
    public void invalidate() {
        generation.incrementAndGet();
    }

    private record Rendered(String html, long generation, long startedAt) {
    }
}
