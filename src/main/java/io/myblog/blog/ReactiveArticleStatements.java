package io.myblog.blog;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The API's two hot paths, a read by id and a create, on the I/O thread with the reactive MySQL client: no hand-off to
 * a worker thread and back, no thread blocked on the database's socket (issue 17, bench/profiles/after-jdbc.md). The
 * same statements as {@link ArticleStatements}, with the same promises; their failures become the same
 * {@link SQLException}s, so one set of mappers tells 503 from 500. Dev mode's H2 has no reactive driver (no pool bean
 * there): both then run on a worker thread with {@link ArticleStatements}.
 */
@ApplicationScoped
class ReactiveArticleStatements {

    /** Null in dev mode, whose H2 has no reactive driver. */
    private final Pool pool;
    private final ArticleStatements statements;
    private final TitleIndexRepair repair;

    ReactiveArticleStatements(Instance<Pool> pool, ArticleStatements statements, TitleIndexRepair repair) {
        this.pool = pool.isResolvable() ? pool.get() : null;
        this.statements = statements;
        this.repair = repair;
    }

    Uni<Optional<ArticleView>> find(long id) {
        if (pool == null) {
            return onWorker(() -> statements.find(id));
        }
        // Pool.withConnection, not Pool.preparedQuery: on the pool's own query path a wait that times out fails twice
        // and logs an ERROR per request (eclipse-vertx/vertx-sql-client#1706).
        return pool.withConnection(connection -> connection.preparedQuery(ArticleStatements.FIND).execute(Tuple.of(id)))
                .map(ReactiveArticleStatements::first)
                .onFailure().transform(failure -> failed("Reading an article", failure));
    }

    /**
     * Stores a new article, then indexes its title: two autocommit statements on one connection, as
     * {@link ArticleStatements#create} sends them, with the same repair when the second fails.
     */
    Uni<ArticleView> create(String title, String content, String author, Instant createdAt) {
        if (pool == null) {
            return onWorker(() -> statements.create(title, content, author, createdAt));
        }
        var at = ArticleStatements.utc(createdAt);
        var terms = TitleTerms.ofTitle(title);
        return pool.withConnection(connection -> connection.preparedQuery(ArticleStatements.INSERT)
                .execute(Tuple.from(List.of(title, content, ArticleSummary.excerptOf(content), author, at, at)))
                .map(inserted -> inserted.property(MySQLClient.LAST_INSERTED_ID))
                .onFailure().transform(failure -> failed("Creating an article", failure))
                .flatMap(id -> indexTitle(connection, id, terms, at)
                        .replaceWith(new ArticleView(id, title, content, author, createdAt, createdAt, 0))));
    }

    private Uni<Void> indexTitle(SqlConnection connection, long id, Collection<String> terms, LocalDateTime at) {
        if (terms.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var values = new ArrayList<Object>(terms.size() * 3);
        for (var term : terms) {
            values.add(id);
            values.add(term);
            values.add(at);
        }
        return connection.preparedQuery(TitleIndex.insertStatement(terms.size())).execute(Tuple.from(values))
                .onFailure().invoke(repair::request)
                .onFailure().transform(failure -> failed("Indexing a title", failure))
                .replaceWithVoid();
    }

    private static Optional<ArticleView> first(RowSet<Row> rows) {
        var found = rows.iterator();
        if (!found.hasNext()) {
            return Optional.empty();
        }
        var row = found.next();
        return Optional.of(new ArticleView(row.getLong(0), row.getString(1), row.getString(2), row.getString(3),
                ArticleStatements.instant(row.getLocalDateTime(4)), ArticleStatements.instant(row.getLocalDateTime(5)),
                row.getLong(6)));
    }

    /** Dev mode: the blocking statement, on a worker thread. */
    private static <T> Uni<T> onWorker(Supplier<T> statement) {
        return Uni.createFrom().item(statement).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static PersistenceException failed(String what, Throwable failure) {
        return new PersistenceException(what + " failed", asSql(failure));
    }

    /**
     * What the server said keeps its SQLState and error code. Anything else (refused or lost connection, no pooled
     * connection within the wait) means the database is not there for this request right now.
     */
    private static SQLException asSql(Throwable failure) {
        if (failure instanceof DatabaseException server) {
            return new SQLException("The database refused the statement", server.getSqlState(), server.getErrorCode(),
                    failure);
        }
        return new SQLTransientConnectionException("The database could not be reached", failure);
    }
}
