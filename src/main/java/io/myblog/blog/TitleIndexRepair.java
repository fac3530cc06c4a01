package io.myblog.blog;

import io.agroal.api.AgroalDataSource;
import io.myblog.database.SchemaReady;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Indexes the titles of articles that have no rows in the title index. A create is two autocommit statements
 * ({@link ArticleStatements}): a failure between them (the process dies, the connection or the database goes away)
 * leaves an article that search does not find. A sweep finds such articles by the index's primary key and indexes them:
 * whenever the schema becomes ready (each start, each return of the database) and right after a create whose index
 * insert failed, again every {@link BlogSettings#indexRepairRetry()} until a sweep succeeds. Off the request path, on a
 * thread of its own.
 */
@ApplicationScoped
public class TitleIndexRepair {

    private static final Logger LOG = Logger.getLogger(TitleIndexRepair.class);
    /** Articles without a single index row: a full scan of the (id-only) index article_newest, one probe per article. */
    static final String UNINDEXED = "SELECT a.id FROM article a"
            + " WHERE NOT EXISTS (SELECT 1 FROM article_term t WHERE t.article_id = a.id)";
    private static final int CHUNK = 500;

    private final AgroalDataSource dataSource;
    private final long retryMillis;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "myblog-title-index-repair");
        thread.setDaemon(true);
        return thread;
    });

    TitleIndexRepair(AgroalDataSource dataSource, BlogSettings settings) {
        this.dataSource = dataSource;
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
        try (var connection = dataSource.getConnection()) {
            int indexed = indexUnindexed(connection);
            if (indexed > 0) {
                LOG.infof("Indexed the titles of %d article(s) whose create failed after the article was stored", indexed);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Could not repair the title index yet (%s); trying again in %d ms", e.getClass().getSimpleName(),
                    retryMillis);
            if (pending.compareAndSet(false, true) && !sweeper.isShutdown()) {
                sweeper.schedule(this::sweep, retryMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Returns how many articles got index rows (an article whose title has no terms gets none, and is not counted). */
    private static int indexUnindexed(Connection connection) throws SQLException {
        var ids = new ArrayList<Long>();
        try (var select = connection.prepareStatement(UNINDEXED); var rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        int indexed = 0;
        for (int from = 0; from < ids.size(); from += CHUNK) {
            indexed += index(connection, ids.subList(from, Math.min(ids.size(), from + CHUNK)));
        }
        return indexed;
    }

    private static int index(Connection connection, List<Long> ids) throws SQLException {
        var sql = "SELECT id, title, created_at FROM article WHERE id IN ("
                + String.join(", ", ids.stream().map(id -> "?").toList()) + ")";
        int indexed = 0;
        try (var select = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                select.setLong(i + 1, ids.get(i));
            }
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    var terms = TitleTerms.ofTitle(rows.getString(2));
                    TitleIndex.insert(connection, rows.getLong(1), terms, ArticleStatements.instant(rows, 3));
                    indexed += terms.isEmpty() ? 0 : 1;
                }
            }
        }
        return indexed;
    }
}
