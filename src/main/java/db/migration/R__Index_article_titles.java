package db.migration;

import io.myblog.service.blog.TitleTerms;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills the title search index from the titles in the table. Repeatable, with {@link TitleTerms#VERSION} as its
 * checksum: Flyway runs it after the versioned migrations (so dev mode's sample rows are indexed too) and again
 * whenever the splitting changes. The service keeps the index current on every write in between.
 */
public class R__Index_article_titles extends BaseJavaMigration {

    private static final int CHUNK = 1000;

    @Override
    public Integer getChecksum() {
        return TitleTerms.VERSION;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        var connection = context.getConnection();
        long after = 0;
        while (true) {
            long last = indexChunk(connection, after);
            if (last == after) {
                return;
            }
            after = last;
        }
    }

    /** Re-indexes the next {@link #CHUNK} articles after id {@code after}; returns the last id done. */
    private static long indexChunk(Connection connection, long after) throws SQLException {
        long last = after;
        try (var select = connection.prepareStatement(
                        "SELECT id, title FROM article WHERE id > ? ORDER BY id LIMIT " + CHUNK);
                var delete = connection.prepareStatement("DELETE FROM article_term WHERE article_id = ?");
                var insert = connection.prepareStatement(
                        // created_at copied inside the database, so the index holds exactly the article's value
                        "INSERT INTO article_term (article_id, term, created_at) SELECT id, ?, created_at FROM article WHERE id = ?")) {
            select.setLong(1, after);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    last = rows.getLong(1);
                    delete.setLong(1, last);
                    delete.addBatch();
                    for (var term : TitleTerms.ofTitle(rows.getString(2))) {
                        insert.setString(1, term);
                        insert.setLong(2, last);
                        insert.addBatch();
                    }
                }
            }
            delete.executeBatch();
            insert.executeBatch();
        }
        return last;
    }
}
