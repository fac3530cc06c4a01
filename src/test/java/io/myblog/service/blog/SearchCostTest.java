package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worst-case searches, as an attacker would send them (issue 24): a common word first and a rare one after, and
 * two common words that no title holds together. What a search page costs is read at the server, as the rows InnoDB
 * handed over (the Handler_read_* counters), so the bound holds whatever the plan.
 */
@QuarkusTest
@TestProfile(SearchCostTest.SmallScanLimit.class)
@WithTestResource(MariaDbTestResource.class)
class SearchCostTest {

    /** A scan bound far below the seeded counts, so the bounded case shows without seeding a million rows. */
    public static class SmallScanLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("myblog.blog.search-scan-limit", "200");
        }
    }

    private static final int ARTICLES = 3_000;
    private static final int RARE = 30;

    @BeforeEach
    void seed() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        var rows = IntStream.rangeClosed(1, ARTICLES)
                .mapToObj(i -> "('Title %d', 'Body', 'Body', 'seeder', '2024-01-01' + INTERVAL %d MINUTE, NOW())".formatted(i, i))
                .collect(Collectors.joining(", "));
        MariaDbServer.get().execute("USE " + MariaDbServer.DATABASE,
                "INSERT INTO article (title, content, excerpt, author, created_at, updated_at) VALUES " + rows,
                "INSERT INTO article_term (article_id, term, created_at) SELECT id, 'the', created_at FROM article",
                "INSERT INTO article_term (article_id, term, created_at) SELECT id, 'zzqx', created_at FROM article"
                        + " WHERE id % " + (ARTICLES / RARE) + " = 0",
                "INSERT INTO article_term (article_id, term, created_at) SELECT id, 'odd', created_at FROM article WHERE id % 2 = 1",
                "INSERT INTO article_term (article_id, term, created_at) SELECT id, 'even', created_at FROM article WHERE id % 2 = 0",
                "ANALYZE TABLE article, article_term");
    }

    @Test
    void aRareWordAfterACommonOneDrivesTheSearch() throws SQLException {
        long before = rowsRead();
        given().get("/api/articles?q=the zzqx&size=20").then().statusCode(200)
                .body("items", hasSize(20)).body("items.title", everyItem(Matchers.startsWith("Title ")));
        long read = rowsRead() - before;

        // the rare word's 30 entries and their lookups, plus the bounded counts; the common word first reads ~2,000
        assertThat(read).as("rows read for one search page").isLessThan(ARTICLES / 5);
    }

    @Test
    void twoCommonWordsThatNoTitleHoldsTogetherReadNoMoreThanTheBound() throws SQLException {
        int bound = ConfigProvider.getConfig().getValue("myblog.blog.search-scan-limit", Integer.class);

        long before = rowsRead();
        given().get("/api/articles?q=odd even").then().statusCode(200).body("items", hasSize(0));
        long read = rowsRead() - before;

        // counts (at most bound each), then at most bound + a page of the driving word's rows, each sorted, looked up
        // and probed for the other word; unbounded, the 1,500 rows of either word, each looked up and probed
        assertThat(read).as("rows read for one search page").isLessThan(10L * (bound + 21))
                .isLessThan(2L * ARTICLES / 2);
    }

    /** Rows InnoDB handed to the server since it started, over every index and table read. */
    private static long rowsRead() throws SQLException {
        try (var connection = MariaDbServer.get().admin(); var sql = connection.createStatement();
                var rows = sql.executeQuery("SELECT SUM(VARIABLE_VALUE) FROM information_schema.GLOBAL_STATUS"
                        + " WHERE VARIABLE_NAME IN ('HANDLER_READ_FIRST', 'HANDLER_READ_KEY', 'HANDLER_READ_LAST',"
                        + " 'HANDLER_READ_NEXT', 'HANDLER_READ_PREV', 'HANDLER_READ_RND', 'HANDLER_READ_RND_NEXT')")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
