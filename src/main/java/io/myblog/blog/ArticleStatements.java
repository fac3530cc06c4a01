package io.myblog.blog;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A read by id and a create in plain JDBC on the requests' pool, in autocommit: a read is one statement, a create two
 * (the article, then all of its title terms in one insert). Without a JTA transaction (autocommit off, commit,
 * autocommit on: three more round trips) and without a Hibernate session, which together cost a create more than its
 * two inserts (issue 17, bench/profiles/before.md). The API runs the same statements on the reactive client
 * ({@link ReactiveArticleStatements}); these serve the article page and dev mode. Updates and deletes stay with Hibernate:
 * they need the transaction and the optimistic lock ({@code @Version}).
 */
@ApplicationScoped
class ArticleStatements {

    static final String FIND = "SELECT id, title, content, author, created_at, updated_at, version FROM article WHERE id = ?";
    static final String INSERT = "INSERT INTO article (title, content, excerpt, author, created_at, updated_at, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, 0)";

    private final AgroalDataSource dataSource;
    private final TitleIndexRepair repair;

    ArticleStatements(AgroalDataSource dataSource, TitleIndexRepair repair) {
        this.dataSource = dataSource;
        this.repair = repair;
    }

    Optional<ArticleView> find(long id) {
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(FIND)) {
            select.setLong(1, id);
            try (var row = select.executeQuery()) {
                return row.next() ? Optional.of(view(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("Reading an article failed", e);
        }
    }

    /**
     * Stores a new article, then indexes its title. Not one transaction: when the second statement fails (or the process
     * or the database dies before it), the article is stored but not yet found by search, so {@link TitleIndexRepair}
     * indexes it; the client got no 201 for it, as when a 201 is lost after a commit.
     */
    ArticleView create(String title, String content, String author, Instant createdAt) {
        try (var connection = dataSource.getConnection()) {
            long id = insertArticle(connection, title, content, author, createdAt);
            try {
                TitleIndex.insert(connection, id, TitleTerms.ofTitle(title), createdAt);
            } catch (SQLException | RuntimeException e) {
                repair.request();
                throw e;
            }
            return new ArticleView(id, title, content, author, createdAt, createdAt, 0);
        } catch (SQLException e) {
            throw new PersistenceException("Creating an article failed", e);
        }
    }

    private static long insertArticle(Connection connection, String title, String content, String author,
            Instant createdAt) throws SQLException {
        try (var insert = connection.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            var at = utc(createdAt);
            insert.setString(1, title);
            insert.setString(2, content);
            insert.setString(3, ArticleSummary.excerptOf(content));
            insert.setString(4, author);
            insert.setObject(5, at);
            insert.setObject(6, at);
            insert.executeUpdate();
            try (var keys = insert.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("The database returned no id for the new article");
                }
                return keys.getLong(1);
            }
        }
    }

    private static ArticleView view(ResultSet row) throws SQLException {
        return new ArticleView(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                instant(row, 5), instant(row, 6), row.getLong(7));
    }

    /** DATETIME holds UTC wall-clock time, as Hibernate writes it ({@code quarkus.hibernate-orm.jdbc.timezone=UTC}). */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet row, int column) throws SQLException {
        return instant(row.getObject(column, LocalDateTime.class));
    }

    static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }
}
