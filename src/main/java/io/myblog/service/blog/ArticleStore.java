package io.myblog.service.blog;

import io.myblog.service.database.DatabaseFailures;
import io.myblog.service.database.ReplicaReads;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The articles and their title index ({@code article}, {@code article_term}): the only class that holds their SQL. Every
 * statement runs on the reactive MySQL client, on the I/O thread that asked, with one row mapper and one failure
 * mapping ({@link DatabaseFailures#translate}) applied around the whole of each use of the pool, connection
 * acquisition included. Reads and creates are autocommit statements; an update that changes the title, and so its
 * index, is one transaction.
 */
@ApplicationScoped
public class ArticleStore {

    private static final String SUMMARY_COLUMNS = "a.id, a.title, a.excerpt, a.author, a.created_at";

    static final String FIND = "SELECT id, title, content, author, created_at, updated_at, version, status, published_at"
            + " FROM article WHERE id = ?";

    /**
     * What a change needs to be checked: who wrote it, its version, its title and its place in the index, and whether
     * (and since when) it is published.
     */
    static final String HEAD = "SELECT author, version, title, created_at, status, published_at FROM article WHERE id = ?";

    static final String INSERT = "INSERT INTO article (title, content, excerpt, author, created_at, updated_at, version,"
            + " status, published_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)";

    /** The optimistic lock: nothing changes unless the version is still the one the checks saw. */
    static final String UPDATE = "UPDATE article SET title = ?, content = ?, excerpt = ?, updated_at = ?, status = ?,"
            + " published_at = ?, version = version + 1 WHERE id = ? AND version = ?";

    /** Its title index goes with it (ON DELETE CASCADE). */
    static final String DELETE = "DELETE FROM article WHERE id = ?";

    /**
     * Published articles newest first, after the cursor (created_at, id); index article_published. Parameters:
     * createdAt, createdAt, id, limit, offset. The cursor test is written as a range on created_at plus a filter:
     * MariaDB plans {@code a < x OR (a = x AND b < y)} as a table scan and a sort.
     */
    static final String LIST = "SELECT " + SUMMARY_COLUMNS + " FROM article a"
            + " WHERE a.status = 'published' AND a.created_at <= ? AND (a.created_at < ? OR a.id < ?)"
            + " ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?";

    /** Articles without a single index row: a full scan of the (id-only) index article_newest, one probe per article. */
    static final String UNINDEXED = "SELECT a.id FROM article a"
            + " WHERE NOT EXISTS (SELECT 1 FROM article_term t WHERE t.article_id = a.id)";

    private static final String INDEXED_FIELDS = "SELECT title, created_at FROM article WHERE id = ?";

    private static final String UNINDEX = "DELETE FROM article_term WHERE article_id = ?";

    /**
     * Published articles holding every one of {@code terms} terms, newest first after the cursor. Parameters: the
     * driving term, createdAt, createdAt, id, each further term, limit, offset. Index article_term_newest for the
     * driving term, in order; a primary-key lookup per further term and per article (which also reads its status).
     * STRAIGHT_JOIN: with the status filter MariaDB may otherwise start from article_published and sort the matches.
     */
    static String search(int terms) {
        return "SELECT " + SUMMARY_COLUMNS + " FROM article_term t STRAIGHT_JOIN article a ON a.id = t.article_id"
                + " WHERE t.term = ? AND a.status = 'published'"
                + " AND t.created_at <= ? AND (t.created_at < ? OR t.article_id < ?)"
                + holdingTheOthers(terms)
                + " ORDER BY t.created_at DESC, t.article_id DESC LIMIT ? OFFSET ?";
    }

    /**
     * {@link #search} when every term is common: the driving term's rows are read up to a bound, then sorted (drafts
     * among them count against the bound).
     * Parameters: the driving term, createdAt, createdAt, id, the bound, each further term, limit, offset.
     */
    static String boundedSearch(int terms) {
        return "SELECT " + SUMMARY_COLUMNS + " FROM (SELECT article_id, created_at FROM article_term"
                + " WHERE term = ? AND created_at <= ? AND (created_at < ? OR article_id < ?)"
                + " ORDER BY created_at DESC, article_id DESC LIMIT ?) t JOIN article a ON a.id = t.article_id"
                + " WHERE a.status = 'published'" + holdingTheOthers(terms)
                + " ORDER BY t.created_at DESC, t.article_id DESC LIMIT ? OFFSET ?";
    }

    /** How many titles hold each term, counted up to a bound: each count reads at most that many index entries. */
    static String rarity(int terms) {
        return "SELECT " + IntStream.range(0, terms)
                .mapToObj(i -> "(SELECT COUNT(*) FROM (SELECT 1 FROM article_term WHERE term = ? LIMIT ?) c%d)".formatted(i))
                .collect(Collectors.joining(", "));
    }

    private static String holdingTheOthers(int terms) {
        return IntStream.range(1, terms)
                .mapToObj(i -> " AND EXISTS (SELECT 1 FROM article_term o%d WHERE o%d.article_id = t.article_id AND o%d.term = ?)"
                        .formatted(i, i, i))
                .collect(Collectors.joining());
    }

    /**
     * Indexes the terms of an article, all in one statement, each row the article's id, a term and its creation time.
     * IGNORE: a row that is there already (the repair got to the article first) is no error. A new article must come
     * here directly, never through a DELETE first: deleting a new (highest) id's rows takes a gap lock at the end of
     * the primary key, and concurrent inserts then deadlock on each other's gap locks (InnoDB next-key locking).
     */
    static String indexStatement(int terms) {
        return "INSERT IGNORE INTO article_term (article_id, term, created_at) VALUES "
                + String.join(", ", Collections.nCopies(terms, "(?, ?, ?)"));
    }

    /** What {@link #head} reads. */
    record Head(String author, long version, String title, Instant createdAt, ArticleStatus status,
                Optional<Instant> publishedAt) {
    }

    private final Pool pool;
    private final ReplicaReads reads;
    private final int scanLimit;

    ArticleStore(Pool pool, ReplicaReads reads, BlogSettings settings) {
        this.pool = pool;
        this.reads = reads;
        this.scanLimit = settings.searchScanLimit();
    }

    /** Article {@code id} as the primary has it: for a change, which must start from the current version. */
    Uni<Optional<ArticleView>> find(long id) {
        return find(pool, id);
    }

    /** Article {@code id} for a reader, from the replica when it is fresh ({@link ReplicaReads}). */
    Uni<Optional<ArticleView>> read(long id) {
        return find(reads.forReading(), id);
    }

    private Uni<Optional<ArticleView>> find(Pool from, long id) {
        return withConnection(from, "Reading an article", connection -> connection.preparedQuery(FIND).execute(Tuple.of(id)))
                .map(rows -> first(rows, ArticleStore::view));
    }

    Uni<Optional<Head>> head(long id) {
        return withConnection("Reading an article", connection -> connection.preparedQuery(HEAD).execute(Tuple.of(id)))
                .map(rows -> first(rows, row -> new Head(row.getString(0), row.getLong(1), row.getString(2),
                        instant(row.getLocalDateTime(3)), ArticleStatus.of(row.getString(4)),
                        Optional.ofNullable(row.getLocalDateTime(5)).map(ArticleStore::instant))));
    }

    /**
     * Up to {@code limit} summaries after {@code cursor}, skipping {@code offset}; all of {@code terms} if any. One
     * statement, and for a search of several terms one more before it that finds the rarest term to start from.
     */
    Uni<List<ArticleSummary>> newestAfter(List<String> terms, ArticleCursor cursor, int offset, int limit) {
        var from = reads.forReading();
        if (terms.size() < 2) {
            return withConnection(from, "Listing articles", connection -> page(connection, terms, false, cursor, offset, limit));
        }
        var bounds = new ArrayList<Object>(terms.size() * 2);
        terms.forEach(term -> bounds.addAll(List.of(term, scanLimit)));
        return withConnection(from, "Listing articles", connection -> connection.preparedQuery(rarity(terms.size()))
                .execute(Tuple.from(bounds))
                .flatMap(counts -> {
                    var row = counts.iterator().next();
                    int rarest = 0;
                    for (int i = 1; i < terms.size(); i++) {
                        rarest = row.getLong(i) < row.getLong(rarest) ? i : rarest;
                    }
                    var ordered = new ArrayList<String>(terms.size());
                    ordered.add(terms.get(rarest));
                    for (int i = 0; i < terms.size(); i++) {
                        if (i != rarest) {
                            ordered.add(terms.get(i));
                        }
                    }
                    return page(connection, ordered, row.getLong(rarest) >= scanLimit, cursor, offset, limit);
                }));
    }

    private Uni<List<ArticleSummary>> page(SqlConnection connection, List<String> terms, boolean bounded,
            ArticleCursor cursor, int offset, int limit) {
        var at = utc(cursor.createdAt());
        var parameters = new ArrayList<Object>();
        if (!terms.isEmpty()) {
            parameters.add(terms.get(0));
        }
        parameters.addAll(List.of(at, at, cursor.id()));
        if (bounded) {
            parameters.add(scanLimit + offset + limit);
        }
        parameters.addAll(terms.subList(Math.min(1, terms.size()), terms.size()));
        parameters.addAll(List.of(limit, offset));
        var sql = terms.isEmpty() ? LIST : bounded ? boundedSearch(terms.size()) : search(terms.size());
        return connection.preparedQuery(sql).execute(Tuple.from(parameters))
                .map(rows -> {
                    var summaries = new ArrayList<ArticleSummary>(rows.size());
                    rows.forEach(row -> summaries.add(new ArticleSummary(row.getLong(0), row.getString(1), row.getString(2),
                            row.getString(3), instant(row.getLocalDateTime(4)))));
                    return summaries;
                });
    }

    /**
     * Stores a new article, then indexes its title: two autocommit statements on one connection. Not one transaction:
     * when the second fails (or the process or the database dies before it), the article is stored but not yet found
     * by search, so {@code whenUnindexed} asks {@link TitleIndexRepair} to index it; the client got no 201 for it, as
     * when a 201 is lost after a commit.
     */
    Uni<ArticleView> insert(String title, String content, String author, Instant createdAt, ArticleStatus status,
            Runnable whenUnindexed) {
        var at = utc(createdAt);
        var publishedAt = status == ArticleStatus.PUBLISHED ? createdAt : null;
        var terms = TitleTerms.ofTitle(title);
        var values = Tuple.of(title, content, ArticleSummary.excerptOf(content), author, at, at)
                .addString(status.value()).addLocalDateTime(publishedAt == null ? null : at);
        return withConnection("Creating an article", connection -> connection.preparedQuery(INSERT)
                .execute(values)
                .map(inserted -> inserted.property(MySQLClient.LAST_INSERTED_ID))
                .flatMap(id -> index(connection, id, terms, at)
                        .onFailure().invoke(whenUnindexed)
                        .replaceWith(new ArticleView(id, title, content, author, createdAt, createdAt, 0, status,
                                publishedAt))));
    }

    /**
     * Replaces title, content and status if the article is still at {@code version}; true if it was. A new title
     * replaces the article's index rows in the same transaction, so search never sees the old title's terms for the
     * new one.
     */
    Uni<Boolean> update(long id, long version, String title, String content, ArticleStatus status,
            Optional<Instant> publishedAt, Instant updatedAt, Optional<Instant> retitledCreatedAt) {
        var values = Tuple.of(title, content, ArticleSummary.excerptOf(content), utc(updatedAt))
                .addString(status.value()).addLocalDateTime(publishedAt.map(ArticleStore::utc).orElse(null))
                .addLong(id).addLong(version);
        if (retitledCreatedAt.isEmpty()) {
            return withConnection("Updating an article",
                    connection -> connection.preparedQuery(UPDATE).execute(values).map(done -> done.rowCount() == 1));
        }
        var terms = TitleTerms.ofTitle(title);
        var at = utc(retitledCreatedAt.get());
        return DatabaseFailures.translated("Updating an article", pool.withTransaction(connection -> connection.preparedQuery(UPDATE)
                .execute(values)
                .flatMap(done -> done.rowCount() != 1
                        ? Uni.createFrom().item(false)
                        : connection.preparedQuery(UNINDEX).execute(Tuple.of(id))
                                .flatMap(unindexed -> index(connection, id, terms, at))
                                .replaceWith(true))));
    }

    /** True if there was such an article. */
    Uni<Boolean> delete(long id) {
        return withConnection("Deleting an article",
                connection -> connection.preparedQuery(DELETE).execute(Tuple.of(id)).map(done -> done.rowCount() == 1));
    }

    /** The ids of every article without index rows, for {@link TitleIndexRepair}. */
    Uni<List<Long>> unindexed() {
        return withConnection("Finding unindexed articles", connection -> connection.preparedQuery(UNINDEXED).execute())
                .map(rows -> {
                    var found = new ArrayList<Long>(rows.size());
                    rows.forEach(row -> found.add(row.getLong(0)));
                    return found;
                });
    }

    /**
     * Indexes one article found by {@link #unindexed}, on one connection: its title, then its rows. True if it got
     * rows (an article whose title has no terms, or that is gone, gets none).
     */
    Uni<Boolean> index(long id) {
        return withConnection("Indexing a title", connection -> connection.preparedQuery(INDEXED_FIELDS).execute(Tuple.of(id))
                .flatMap(rows -> {
                    var found = rows.iterator();
                    if (!found.hasNext()) {
                        return Uni.createFrom().item(false);
                    }
                    var row = found.next();
                    var terms = TitleTerms.ofTitle(row.getString(0));
                    return index(connection, id, terms, row.getLocalDateTime(1)).replaceWith(!terms.isEmpty());
                }));
    }

    private static Uni<Void> index(SqlConnection connection, long id, Collection<String> terms, LocalDateTime at) {
        if (terms.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var values = new ArrayList<Object>(terms.size() * 3);
        for (var term : terms) {
            values.add(id);
            values.add(term);
            values.add(at);
        }
        return connection.preparedQuery(indexStatement(terms.size())).execute(Tuple.from(values)).replaceWithVoid();
    }

    /**
     * Pool.withConnection, not Pool.preparedQuery: on the pool's own query path a wait that times out fails twice and
     * logs an ERROR per request (eclipse-vertx/vertx-sql-client#1706).
     */
    private <T> Uni<T> withConnection(String what, Function<SqlConnection, Uni<T>> work) {
        return withConnection(pool, what, work);
    }

    private static <T> Uni<T> withConnection(Pool from, String what, Function<SqlConnection, Uni<T>> work) {
        return DatabaseFailures.translated(what, from.withConnection(work));
    }

    private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
        var found = rows.iterator();
        return found.hasNext() ? Optional.of(mapper.apply(found.next())) : Optional.empty();
    }

    /** The one row mapper of an article. */
    private static ArticleView view(Row row) {
        var publishedAt = row.getLocalDateTime(8);
        return new ArticleView(row.getLong(0), row.getString(1), row.getString(2), row.getString(3),
                instant(row.getLocalDateTime(4)), instant(row.getLocalDateTime(5)), row.getLong(6),
                ArticleStatus.of(row.getString(7)), publishedAt == null ? null : instant(publishedAt));
    }

    /** DATETIME holds UTC wall-clock time. */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }
}
