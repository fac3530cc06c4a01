package io.myblog.blog;

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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's own plan for the statements the service runs ({@link ArticleRepository#LIST},
 * {@link ArticleRepository#search}): each must look rows up through an index, never scan a table or a whole index,
 * and never sort, or a page would cost more as the table grows.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class ArticleQueryPlanTest {

    private static final int ARTICLES = 3_000;
    /** Lookups by index; "index" (a whole index read) and "ALL" (a table scan) are not. */
    private static final Set<String> INDEX_LOOKUPS = Set.of("range", "ref", "eq_ref", "const");
    private static final Pattern NAMED_PARAMETER = Pattern.compile(":(\\w+)");

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
    void theListReadsTheNewestIndexFromTheCursorOn() throws SQLException {
        var firstPage = plan(ArticleRepository.LIST, Map.of(
                "createdAt", "9999-12-31 23:59:59", "id", Long.MAX_VALUE, "limit", 21, "offset", 0));
        var deepPage = plan(ArticleRepository.LIST, Map.of(
                "createdAt", "2024-01-02 00:00:00", "id", 1_000, "limit", 21, "offset", 0));

        for (var plan : List.of(firstPage, deepPage)) {
            assertLooksUpThroughIndexes(plan);
            assertThat(plan).singleElement().satisfies(row -> assertThat(row.get("key")).isEqualTo("article_newest"));
        }
    }

    @Test
    void searchReadsTheTermIndexInOrderAndLooksUpTheRest() throws SQLException {
        var oneWord = plan(ArticleRepository.search(1), Map.of(
                "term0", "plan", "createdAt", "9999-12-31 23:59:59", "id", Long.MAX_VALUE, "limit", 21, "offset", 0));
        var twoWords = plan(ArticleRepository.search(2), Map.of("term0", "plan", "term1", "rare",
                "createdAt", "2024-01-02 00:00:00", "id", 1_000, "limit", 21, "offset", 0));

        assertLooksUpThroughIndexes(oneWord);
        assertThat(oneWord).anySatisfy(row -> assertThat(row.get("key")).isEqualTo("article_term_newest"));
        // two words: MariaDB may start from the rarer one and sort its matches; every table is still an index lookup
        assertThat(twoWords).hasSize(3).allSatisfy(row -> {
            assertThat(row.get("type")).as("access type of %s", row).isIn(INDEX_LOOKUPS);
            assertThat(row.get("key")).as("index of %s", row).isNotNull();
        });
    }

    @Test
    void theCheckCatchesTheStatementsItReplaced() throws SQLException {
        // Negative control: the count and the LIKE search of the first API read every row
        var count = plan("SELECT COUNT(*) FROM article", Map.of());
        var like = plan("SELECT id FROM article WHERE lower(title) LIKE '%plan%' ORDER BY created_at DESC, id DESC"
                + " LIMIT 20", Map.of());

        assertThat(count).noneSatisfy(row -> assertThat(INDEX_LOOKUPS).contains(row.get("type")));
        assertThat(like).noneSatisfy(row -> assertThat(INDEX_LOOKUPS).contains(row.get("type")));
    }

    private static void assertLooksUpThroughIndexes(List<Map<String, String>> plan) {
        assertThat(plan).isNotEmpty().allSatisfy(row -> {
            assertThat(row.get("type")).as("access type of %s", row).isIn(INDEX_LOOKUPS);
            assertThat(row.get("key")).as("index of %s", row).isNotNull();
            assertThat(String.valueOf(row.get("Extra"))).as("extra of %s", row)
                    .doesNotContain("filesort").doesNotContain("temporary");
        });
    }

    /** EXPLAIN of {@code sql}, its named parameters bound as the service binds them. */
    private static List<Map<String, String>> plan(String sql, Map<String, Object> parameters) throws SQLException {
        var names = new ArrayList<String>();
        var matcher = NAMED_PARAMETER.matcher(sql);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        try (var connection = MariaDbServer.get().admin()) {
            connection.setCatalog(MariaDbServer.DATABASE);
            try (var explain = connection.prepareStatement("EXPLAIN " + matcher.replaceAll("?"))) {
                for (int i = 0; i < names.size(); i++) {
                    explain.setObject(i + 1, parameters.get(names.get(i)));
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
