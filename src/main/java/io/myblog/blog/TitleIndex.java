package io.myblog.blog;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;

/**
 * Writes an article's rows of the title search index ({@code article_term}, see {@link TitleTerms}) on a JDBC connection,
 * in its transaction if it has one: a create, a retitling update and {@link TitleIndexRepair} all write them this way.
 */
final class TitleIndex {

    private TitleIndex() {
    }

    /**
     * Indexes the terms of an article, all in one statement; {@code createdAt} is the article's, as the index is read in
     * its order. IGNORE: a row that is there already (the repair got to the article first) is no error. A new article
     * must come here directly, never through a DELETE first: deleting a new (highest) id's rows takes a gap lock at the
     * end of the primary key, and concurrent inserts then deadlock on each other's gap locks (InnoDB next-key locking).
     */
    static void insert(Connection connection, long articleId, Collection<String> terms, Instant createdAt)
            throws SQLException {
        if (terms.isEmpty()) {
            return;
        }
        try (var insert = connection.prepareStatement(insertStatement(terms.size()))) {
            var at = ArticleStatements.utc(createdAt);
            int parameter = 1;
            for (var term : terms) {
                insert.setLong(parameter++, articleId);
                insert.setString(parameter++, term);
                insert.setObject(parameter++, at);
            }
            insert.executeUpdate();
        }
    }

    /** The insert of {@code terms} rows, each the article's id, a term and the article's creation time. */
    static String insertStatement(int terms) {
        return "INSERT IGNORE INTO article_term (article_id, term, created_at) VALUES "
                + String.join(", ", Collections.nCopies(terms, "(?, ?, ?)"));
    }

    /** Removes an article's rows, before it is indexed again under a new title. */
    static void delete(Connection connection, long articleId) throws SQLException {
        try (var delete = connection.prepareStatement("DELETE FROM article_term WHERE article_id = ?")) {
            delete.setLong(1, articleId);
            delete.executeUpdate();
        }
    }
}
