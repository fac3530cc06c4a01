package io.myblog.service.blog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.myblog.service.database.ReplicaReads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The index's first page (no search), served from memory for at most {@link BlogSettings#indexMaxAge()}: under load the page
 * costs one query per interval instead of one per request. Requests that find it stale wait for the one render in
 * flight instead of each starting their own (single flight). A write through this replica drops the page once it has
 * committed; a write through another replica shows here when the page expires.
 */
@ApplicationScoped
public class BlogIndexCache {

    /** Renders of the page; with single flight, about one per max age under any load. */
    static final String RENDERS = "myblog.index.renders";

    private final BlogIndexPage index;
    private final ReplicaReads reads;
    private final long maxAgeNanos;
    private final Counter renders;
    /** Moves on with every committed local write; a page rendered under an older generation is not served. */
    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<Flight> inFlight = new AtomicReference<>();
    private volatile Rendered rendered;

    BlogIndexCache(BlogIndexPage index, ReplicaReads reads, BlogSettings settings, MeterRegistry registry) {
        this.index = index;
        this.reads = reads;
        this.maxAgeNanos = settings.indexMaxAge().toNanos();
        this.renders = Counter.builder(RENDERS).description("Renders of the blog index page").register(registry);
    }

    /** The page from memory on the I/O thread when fresh; otherwise the render in flight, started if none is. */
    Uni<String> page() {
        long gen = generation.get();
        var fresh = fresh(gen);
        if (fresh != null) {
            return Uni.createFrom().item(fresh);
        }
        return Uni.createFrom().completionStage(() -> renderOnce(gen));
    }

    private String fresh(long gen) {
        var current = rendered;
        return current != null && current.generation() == gen && System.nanoTime() - current.startedAt() < maxAgeNanos
                ? current.html() : null;
    }

    /** Joins a render of this generation or a newer one; starts one if none runs. */
    private CompletableFuture<String> renderOnce(long gen) {
        while (true) {
            var flight = inFlight.get();
            if (flight != null && flight.generation() >= gen) {
                return flight.html();
            }
            var fresh = fresh(gen); // a render may have finished since page() looked
            if (fresh != null) {
                return CompletableFuture.completedFuture(fresh);
            }
            var mine = new Flight(gen, new CompletableFuture<>());
            if (inFlight.compareAndSet(flight, mine)) {
                render(mine);
                return mine.html();
            }
        }
    }

    private void render(Flight flight) {
        renders.increment();
        long startedAt = System.nanoTime(); // the page's age counts from before the query that read it
        // from the primary: a page kept for max-age must hold the write that just dropped the previous one
        reads.onPrimary(() -> index.render(null, null)).subscribe().with(html -> {
            rendered = new Rendered(html, flight.generation(), startedAt);
            inFlight.compareAndSet(flight, null);
            flight.html().complete(html);
        }, failure -> {
            inFlight.compareAndSet(flight, null);
            flight.html().completeExceptionally(failure);
        });
    }

    /** Fired after the write succeeded, not before: a render between the two would read the old rows and keep them. */
    void articlesChanged(@Observes ArticlesChanged change) {
        generation.incrementAndGet();
    }

    /** Drops the page now, for a change this replica cannot see (tests that write to the table directly). */
    public void invalidate() {
        generation.incrementAndGet();
    }

    private record Rendered(String html, long generation, long startedAt) {
    }

    private record Flight(long generation, CompletableFuture<String> html) {
    }
}
