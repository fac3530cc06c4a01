package io.myblog.blog;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A read by id on the I/O thread, with the reactive MySQL client: no hand-off to a worker thread and back, no thread
 * blocked on the database's socket (issue 17, bench/profiles/before-reactive.md). Failures become the same
 * {@link SQLException}s the JDBC paths throw, so one set of mappers tells 503 from 500. Dev mode's H2 has no reactive
 * driver (no pool bean there): the read then runs on a worker with {@link ArticleStatements#find}.
 */
@ApplicationScoped
class ArticleReads {

    private final Instance<Pool> pool;
    private final ArticleStatements statements;

    ArticleReads(Instance<Pool> pool, ArticleStatements statements) {
        this.pool = pool;
        this.statements = statements;
    }

    Uni<Optional<ArticleView>> find(long id) {
        if (!pool.isResolvable()) {
            return Uni.createFrom().item(() -> statements.find(id)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        // Pool.withConnection, not Pool.preparedQuery: on the pool's own query path a wait that times out fails twice
        // and logs an ERROR per request (eclipse-vertx/vertx-sql-client#1706).
        return pool.get().withConnection(connection -> connection.preparedQuery(ArticleStatements.FIND).execute(Tuple.of(id)))
                .map(ArticleReads::first)
                .onFailure().transform(failure -> new PersistenceException("Reading an article failed", asSql(failure)));
    }

    private static Optional<ArticleView> first(RowSet<Row> rows) {
        var found = rows.iterator();
        if (!found.hasNext()) {
            return Optional.empty();
        }
        var row = found.next();
        return Optional.of(new ArticleView(row.getLong(0), row.getString(1), row.getString(2), row.getString(3),
                instant(row.getLocalDateTime(4)), instant(row.getLocalDateTime(5)), row.getLong(6)));
    }

    private static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }

    /**
     * What the server said keeps its SQLState and error code. Anything else (refused or lost connection, no pooled
     * connection within the wait) means the database is not there for this request right now.
     */
    static SQLException asSql(Throwable failure) {
        if (failure instanceof DatabaseException server) {
            return new SQLException("The database refused the read", server.getSqlState(), server.getErrorCode(), failure);
        }
        return new SQLTransientConnectionException("The database could not be reached for the read", failure);
    }
}
