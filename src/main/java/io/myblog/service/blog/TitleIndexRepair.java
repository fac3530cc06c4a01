package io.myblog.service.blog;

import io.myblog.service.database.DatabaseFailures;
import io.myblog.service.database.SchemaReady;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Indexes the titles of articles that have no rows in the title index. A create is two autocommit statements
 * ({@link ArticleStore#insert}): a failure between them (the process dies, the connection or the database goes away)
 * leaves an article that search does not find. A sweep finds such articles by the index's primary key and indexes them:
 * whenever the schema becomes ready (each start, each return of the database) and right after a create whose index
 * insert failed, again every {@link BlogSettings#indexRepairRetry()} until a sweep succeeds. Off the request path, on a
 * thread of its own.
 */
@ApplicationScoped
public class TitleIndexRepair {

    private static final Logger LOG = Logger.getLogger(TitleIndexRepair.class);
    /** Bounds one statement of a sweep: the sweeper's own thread waits for it, never a request. */
    private static final Duration STATEMENT_BOUND = Duration.ofSeconds(30);

    private final ArticleStore store;
    private final long retryMillis;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "myblog-title-index-repair");
        thread.setDaemon(true);
        return thread;
    });

    TitleIndexRepair(ArticleStore store, BlogSettings settings) {
        this.store = store;
        this.retryMillis = settings.indexRepairRetry().toMillis();
    }

    /** Asks for a sweep soon; requests made while one is pending are served by it. */
    public void request() {
        if (pending.compareAndSet(false, true) && !sweeper.isShutdown()) {
            sweeper.execute(this::sweep);
        }
    }

    void onSchemaReady(@Observes SchemaReady event) {
        request();
    }

    void stop(@Observes ShutdownEvent event) {
        sweeper.shutdownNow();
    }

    private void sweep() {
        pending.set(false); // a request from here on asks for another sweep, which sees what this one may have missed
        try {
            int indexed = 0;
            for (long id : store.unindexed().await().atMost(STATEMENT_BOUND)) {
                indexed += store.index(id).await().atMost(STATEMENT_BOUND) ? 1 : 0;
            }
            if (indexed > 0) {
                LOG.infof("Indexed the titles of %d article(s) whose create failed after the article was stored", indexed);
            }
        } catch (RuntimeException e) {
            if (DatabaseFailures.isUnavailable(e)) {
                // the database monitor reports the outage, once; a sweep runs again when the schema is ready
                LOG.debugf("Title index repair waits for the database; trying again in %d ms", retryMillis);
            } else {
                LOG.warnf("Could not repair the title index yet (%s); trying again in %d ms", e.getClass().getSimpleName(),
                        retryMillis);
            }
            if (pending.compareAndSet(false, true) && !sweeper.isShutdown()) {
                sweeper.schedule(this::sweep, retryMillis, TimeUnit.MILLISECONDS);
            }
        }
    }
}
