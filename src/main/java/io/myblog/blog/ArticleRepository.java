package io.myblog.blog;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hibernate.query.NativeQuery;

/**
 * Articles and their title index. Listing and search are plain SQL, kept here as text, so the statements the service
 * runs are the ones {@code ArticleQueryPlanTest} asks MariaDB to EXPLAIN: each reads an index in created_at order
 * from the cursor on and stops after one page, however many articles there are.
 */
@ApplicationScoped
public class ArticleRepository implements PanacheRepository<Article> {

    private static final String SUMMARY_COLUMNS = "a.id, a.title, a.excerpt, a.author, a.created_at";

    /**
     * Newest first, after the cursor (created_at, id); index article_newest. The cursor test is written as a range on
     * created_at plus a filter: MariaDB plans {@code a < x OR (a = x AND b < y)} as a table scan and a sort.
     */
    static final String LIST = "SELECT " + SUMMARY_COLUMNS + " FROM article a"
            + " WHERE a.created_at <= :createdAt AND (a.created_at < :createdAt OR a.id < :id)"
            + " ORDER BY a.created_at DESC, a.id DESC LIMIT :limit OFFSET :offset";

    /**
     * Articles holding every one of {@code terms} terms, newest first after the cursor: index article_term_newest for
     * the first term, in order; a primary-key lookup per further term and per article.
     */
    static String search(int terms) {
        var others = IntStream.range(1, terms)
                .mapToObj(i -> " AND EXISTS (SELECT 1 FROM article_term o%d WHERE o%d.article_id = t.article_id AND o%d.term = :term%d)"
                        .formatted(i, i, i, i))
                .collect(Collectors.joining());
        return "SELECT " + SUMMARY_COLUMNS + " FROM article_term t JOIN article a ON a.id = t.article_id"
                + " WHERE t.term = :term0"
                + " AND t.created_at <= :createdAt AND (t.created_at < :createdAt OR t.article_id < :id)"
                + others
                + " ORDER BY t.created_at DESC, t.article_id DESC LIMIT :limit OFFSET :offset";
    }

    /** Up to {@code limit} summaries after {@code cursor}, skipping {@code offset}; all of {@code terms} if any. */
    List<ArticleSummary> newestAfter(List<String> terms, ArticleCursor cursor, int offset, int limit) {
        var query = getEntityManager()
                .createNativeQuery(terms.isEmpty() ? LIST : search(terms.size()))
                .unwrap(NativeQuery.class)
                .addScalar("id", Long.class)
                .addScalar("title", String.class)
                .addScalar("excerpt", String.class)
                .addScalar("author", String.class)
                .addScalar("created_at", Instant.class)
                .setParameter("createdAt", cursor.createdAt())
                .setParameter("id", cursor.id())
                .setParameter("limit", limit)
                .setParameter("offset", offset);
        for (int i = 0; i < terms.size(); i++) {
            query.setParameter("term" + i, terms.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream()
                .map(r -> new ArticleSummary((Long) r[0], (String) r[1], (String) r[2], (String) r[3], (Instant) r[4]))
                .toList();
    }

    /** Replaces the title index of an existing article. */
    void reindexTitle(Article article, Collection<String> terms) {
        getEntityManager().createNativeQuery("DELETE FROM article_term WHERE article_id = :id")
                .setParameter("id", article.id)
                .executeUpdate();
        addTitleTerms(article, terms);
    }

    /**
     * Indexes a title: its created_at is copied, as the cursor compares on it. A new article must come here directly,
     * never through a DELETE first: deleting a new (highest) id's rows takes a gap lock at the end of the primary key,
     * and concurrent inserts then deadlock on each other's gap locks (InnoDB next-key locking).
     */
    void addTitleTerms(Article article, Collection<String> terms) {
        var em = getEntityManager();
        if (terms.isEmpty()) {
            return;
        }
        var values = IntStream.range(0, terms.size())
                .mapToObj(i -> "(:id, :term" + i + ", :createdAt)")
                .collect(Collectors.joining(", "));
        var insert = em.createNativeQuery("INSERT INTO article_term (article_id, term, created_at) VALUES " + values)
                .setParameter("id", article.id)
                .setParameter("createdAt", article.createdAt);
        int i = 0;
        for (var term : terms) {
            insert.setParameter("term" + i++, term);
        }
        insert.executeUpdate();
    }
}
