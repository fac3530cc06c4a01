package io.myblog.service.blog;

import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's own plan for the statements the store runs ({@link ArticleStore#LIST}, {@link ArticleStore#search}, the
 * reads and writes by id): each must look rows up through an index, never scan a table or a whole index, and never
 * sort, or a page would cost more as the table grows. The title index repair, which must see every article, reads
 * indexes only.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class ArticleQueryPlanTest {

    private static final int ARTICLES = 3_000;
    /** Lookups by index; "index" (a whole index read) and "ALL" (a table scan) are not. */
    private static final Set<String> INDEX_LOOKUPS = Set.of("range", "ref", "eq_ref", "const");
    private static final String FIRST_PAGE = "9999-12-31 23:59:59";
    private static final String DEEP_PAGE = "2024-01-02 00:00:00";

    /** Articles of a realistic size: over a table of a few pages, a scan and a sort is rightly the cheaper plan. */
    @BeforeEach
    void seed() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        var rows = IntStream.rangeClosed(1, ARTICLES)
                .mapToObj(i -> "('Plan article %d', REPEAT('Body ', 400), REPEAT('x', 200), 'planner', '2024-01-01' + INTERVAL %d MINUTE, NOW())"
                        .formatted(i, i))
                .collect(Collectors.joining(", "));
        MariaDbServer.get().execute(
                "USE " + MariaDbServer.DATABASE,
                "INSERT INTO article (title, content, excerpt, author, created_at, updated_at) VALUES " + rows,
                "INSERT INTO article_term (article_id, term, created_at) SELECT id, 'plan', created_at FROM article",
                "INSERT INTO article_term (article_id, term, created_at) SELECT id, 'rare', created_at FROM article WHERE id % 100 = 0",
                "ANALYZE TABLE article, article_term");
    }

    @Test
    void theListReadsThePublishedIndexFromTheCursorOn() throws SQLException {
        var firstPage = plan(ArticleStore.LIST, FIRST_PAGE, FIRST_PAGE, Long.MAX_VALUE, 21, 0);
        var deepPage = plan(ArticleStore.LIST, DEEP_PAGE, DEEP_PAGE, 1_000, 21, 0);

        for (var plan : List.of(firstPage, deepPage)) {
            assertLooksUpThroughIndexes(plan);
            assertThat(plan).singleElement().satisfies(row -> assertThat(row.get("key")).isEqualTo("article_published"));
        }
    }

    @Test
    void searchReadsTheTermIndexInOrderAndLooksUpTheRest() throws SQLException {
        // parameters in the store's order: the first term, the cursor, each further term, limit and offset
        var oneWord = plan(ArticleStore.search(1), "plan", FIRST_PAGE, FIRST_PAGE, Long.MAX_VALUE, 21, 0);
        var twoWords = plan(ArticleStore.search(2), "plan", DEEP_PAGE, DEEP_PAGE, 1_000, "rare", 21, 0);

        assertLooksUpThroughIndexes(oneWord);
        assertThat(oneWord).anySatisfy(row -> assertThat(row.get("key")).isEqualTo("article_term_newest"));
        // two words: MariaDB may start from the rarer one and sort its matches; every table is still an index lookup
        assertThat(twoWords).hasSize(3).allSatisfy(row -> {
            assertThat(row.get("type")).as("access type of %s", row).isIn(INDEX_LOOKUPS);
            assertThat(row.get("key")).as("index of %s", row).isNotNull();
        });
    }

    @Test
    void theTitleIndexRepairReadsOnlyIndexesNeverTheArticlesRows() throws SQLException {
        var plan = plan(ArticleStore.UNINDEXED);

        // Every article and every index row once (MariaDB may probe per article or materialize the subquery), but from
        // the narrow indexes article_newest (created_at, id) and article_term's key, never from the rows with content
        assertThat(plan).hasSize(2).allSatisfy(row -> {
            assertThat(row.get("type")).as("access type of %s", row).isNotEqualTo("ALL");
            assertThat(String.valueOf(row.get("Extra"))).as("extra of %s", row).contains("Using index");
        });
        assertThat(plan).anySatisfy(row -> assertThat(row.get("key")).isEqualTo("article_newest"));
    }

    @Test
    void theCheckCatchesTheStatementsItReplaced() throws SQLException {
        // Negative control: the count and the LIKE search of the first API read every row
        var count = plan("SELECT COUNT(*) FROM article");
        var like = plan("SELECT id FROM article WHERE lower(title) LIKE '%plan%' ORDER BY created_at DESC, id DESC"
                + " LIMIT 20");

        assertThat(count).noneSatisfy(row -> assertThat(INDEX_LOOKUPS).contains(row.get("type")));
        assertThat(like).noneSatisfy(row -> assertThat(INDEX_LOOKUPS).contains(row.get("type")));
    }

    @Test
    void readsAndWritesOfOneArticleGoThroughItsPrimaryKey() throws SQLException {
        var now = "2026-01-01 00:00:00";
        long id = middleId();
        for (var plan : List.of(
                plan(ArticleStore.FIND, id),
                plan(ArticleStore.HEAD, id),
                plan(ArticleStore.UPDATE, "t", "c", "e", now, "published", now, id, 0),
                plan(ArticleStore.DELETE, id))) {
            assertThat(plan).singleElement().satisfies(row -> {
                assertThat(row.get("type")).as("access type of %s", row).isIn(INDEX_LOOKUPS);
                assertThat(row.get("key")).as("index of %s", row).isEqualTo("PRIMARY");
            });
        }
    }

    /** An article that exists: for an id that does not, MariaDB plans nothing at all. */
    private static long middleId() throws SQLException {
        try (var connection = MariaDbServer.get().admin(); var sql = connection.createStatement();
                var row = sql.executeQuery("SELECT id FROM " + MariaDbServer.DATABASE + ".article ORDER BY id LIMIT 1 OFFSET "
                        + ARTICLES / 2)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void assertLooksUpThroughIndexes(List<Map<String, String>> plan) {
        assertThat(plan).isNotEmpty().allSatisfy(row -> {
            assertThat(row.get("type")).as("access type of %s", row).isIn(INDEX_LOOKUPS);
            assertThat(row.get("key")).as("index of %s", row).isNotNull();
            assertThat(String.valueOf(row.get("Extra"))).as("extra of %s", row)
                    .doesNotContain("filesort").doesNotContain("temporary");
        });
    }

    /** EXPLAIN of {@code sql}, its parameters bound in order as the store binds them. */
    private static List<Map<String, String>> plan(String sql, Object... parameters) throws SQLException {
        try (var connection = MariaDbServer.get().admin()) {
            connection.setCatalog(MariaDbServer.DATABASE);
            try (var explain = connection.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    explain.setObject(i + 1, parameters[i]);
                }
                try (var rows = explain.executeQuery()) {
                    var plan = new ArrayList<Map<String, String>>();
                    var meta = rows.getMetaData();
                    while (rows.next()) {
                        var row = new LinkedHashMap<String, String>();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            row.put(meta.getColumnLabel(c), rows.getString(c));
                        }
                        plan.add(row);
                    }
                    return plan;
                }
            }
        }
    }
}
