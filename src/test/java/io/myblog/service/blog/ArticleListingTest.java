package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cursor paging, the bound on numbered pages, title search and the summaries a list carries. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class ArticleListingTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String CHINESE_TITLE = "你好，Kubernetes";

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
    }

    @Test
    void aCursorWalkReturnsEveryArticleOnceInOrderWhileOthersAreInserted() {
        // Given 23 articles, several within the same second, so ties are broken by id
        var created = new ArrayList<Long>();
        for (int i = 1; i <= 23; i++) {
            created.add(Articles.create("Walk " + i, "Body " + i, "walker"));
        }
        var expected = idsNewestFirstInDatabase();
        Collections.reverse(created);
        assertThat(expected).containsExactlyElementsOf(created);

        // When a client walks them 4 at a time, and an article is posted between every two pages
        var walked = new ArrayList<Long>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("size", 4);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/articles").then().statusCode(200).extract().response();
            walked.addAll(page.jsonPath().getList("items.id", Long.class));
            cursor = page.jsonPath().getString("next");
            Articles.create("Posted during the walk " + pages, "Body", "other");
            pages++;
        } while (cursor != null && pages < 20);

        // Then the walk is exactly the articles there were when it began, newest first: no duplicate, no gap
        assertThat(walked).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(6);
    }

    @Test
    void theNextLinkAndTheNextCursorResumeTheSameWay() {
        for (int i = 1; i <= 3; i++) {
            Articles.create("Linked " + i, "Body", "linker");
        }

        var first = given().get("/api/articles?size=2").then().statusCode(200)
                .body("items.title", contains("Linked 3", "Linked 2"))
                .body("$", not(hasKey("page"))).body("$", not(hasKey("total")))
                .extract().response();
        var next = first.jsonPath().getString("next");
        assertThat(first.header("Link")).contains("cursor=" + next).endsWith("; rel=\"next\"");

        var link = first.header("Link").replaceAll("^<([^>]*)>.*$", "$1");
        given().get(link).then().statusCode(200)
                .body("items.title", contains("Linked 1"))
                .body("$", not(hasKey("next")));
        given().get(link).then().header("Link", nullValue());
    }

    @Test
    void refusesATamperedOrForeignCursorWith400() {
        for (int i = 1; i <= 3; i++) {
            Articles.create("Kubernetes " + i, "Body", "tamperer");
        }
        var next = given().get("/api/articles?size=1").then().statusCode(200).extract().jsonPath().getString("next");
        var flipped = next.substring(0, 10) + (next.charAt(10) == 'A' ? 'B' : 'A') + next.substring(11);

        for (var bad : List.of(flipped, next.substring(1), "not-a-cursor", "%%%", next + "AAAA")) {
            given().queryParam("cursor", bad).get("/api/articles").then().statusCode(400).contentType(PROBLEM)
                    .body("violations.field", contains("cursor"));
        }
        // a cursor of the unfiltered list is not one of a search
        given().queryParam("cursor", next).queryParam("q", "kubernetes").get("/api/articles")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.message", contains(containsString("another search")));
        given().queryParam("cursor", next).queryParam("page", 0).get("/api/articles")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", contains("cursor"));
        given().queryParam("cursor", next).queryParam("size", 1).get("/api/articles").then().statusCode(200)
                .body("items.title", contains("Kubernetes 2"));
    }

    @Test
    void boundsNumberedPagesAndPointsToTheCursor() {
        Articles.create("Only one", "Body", "pager");
        int size = 20;
        int lastAllowed = ArticleService.MAX_OFFSET / size;

        given().get("/api/articles?size=" + size + "&page=" + lastAllowed).then().statusCode(200)
                .body("items", hasSize(0)).body("page", equalTo(lastAllowed));
        given().get("/api/articles?size=" + size + "&page=" + (lastAllowed + 1)).then().statusCode(400)
                .contentType(PROBLEM)
                .body("violations.field", contains("page"))
                .body("violations.message", contains(containsString("cursor")));
        // page * size would overflow an int
        given().get("/api/articles?size=100&page=" + Integer.MAX_VALUE).then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("page"));
    }

    @Test
    void aNumberedPageAlsoOffersTheCursorAfterIt() {
        for (int i = 1; i <= 5; i++) {
            Articles.create("Numbered " + i, "Body", "pager");
        }
        var next = given().get("/api/articles?page=1&size=2").then().statusCode(200)
                .body("items.title", contains("Numbered 3", "Numbered 2"))
                .extract().jsonPath().getString("next");
        given().queryParam("cursor", next).queryParam("size", 2).get("/api/articles").then()
                .body("items.title", contains("Numbered 1"));
    }

    @Test
    void listItemsCarryAnExcerptNotTheContent() {
        var content = "x".repeat(5_000);
        long id = Articles.create("Long read", content, "writer");

        given().get("/api/articles").then().statusCode(200)
                .body("items", everyItem(not(hasKey("content"))))
                .body("items[0].excerpt", equalTo(content.substring(0, ArticleSummary.EXCERPT_LENGTH)));
        given().get("/api/articles/" + id).then().statusCode(200).body("content", equalTo(content));
    }

    @Test
    void findsChineseTitlesByAnyPartAndLatinWordsInThem() {
        Articles.create(CHINESE_TITLE, "Body", "xiaoming");
        Articles.create("我的第一篇文章", "Body", "xiaoming");
        Articles.create("Kubernetes probes", "Body", "bob");
        Articles.create("Quarkus in practice", "Body", "bob");

        assertThat(titlesFound("你好")).containsExactly(CHINESE_TITLE);
        assertThat(titlesFound("Kubernetes")).containsExactly("Kubernetes probes", CHINESE_TITLE);
        assertThat(titlesFound("文章")).containsExactly("我的第一篇文章");
        assertThat(titlesFound("第一篇文章")).containsExactly("我的第一篇文章");
        assertThat(titlesFound("文")).containsExactly("我的第一篇文章");
        assertThat(titlesFound("你好 kubernetes")).containsExactly(CHINESE_TITLE);
        assertThat(titlesFound("ｋｕｂｅｒｎｅｔｅｓ ＰＲＯＢＥＳ")).containsExactly("Kubernetes probes");
        assertThat(titlesFound("文章你好")).isEmpty();
        assertThat(titlesFound("kube")).isEmpty(); // words, not prefixes
    }

    @Test
    void keepsPercentAndUnderscoreLiteralInSearch() {
        Articles.create("100% uptime", "Body", "carol");
        Articles.create("1000 uptime", "Body", "carol");
        Articles.create("snake_case names", "Body", "carol");
        Articles.create("snakeXcase names", "Body", "carol");

        assertThat(titlesFound("100%")).containsExactly("100% uptime");
        assertThat(titlesFound("snake_case")).containsExactly("snake_case names");
        assertThat(titlesFound("%")).isEmpty();
        assertThat(titlesFound("_")).isEmpty();
        assertThat(titlesFound("%uptime")).containsExactlyInAnyOrder("100% uptime", "1000 uptime");
    }

    @Test
    void searchResultsPageWithACursor() {
        for (int i = 1; i <= 5; i++) {
            Articles.create("Probe story " + i, "Body", "searcher");
            Articles.create("Unrelated " + i, "Body", "searcher");
        }

        var titles = new ArrayList<String>();
        String cursor = null;
        do {
            var request = given().queryParam("q", "probe").queryParam("size", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/articles").then().statusCode(200).extract().response();
            titles.addAll(page.jsonPath().getList("items.title", String.class));
            cursor = page.jsonPath().getString("next");
        } while (cursor != null && titles.size() < 20);

        assertThat(titles).containsExactly("Probe story 5", "Probe story 4", "Probe story 3", "Probe story 2",
                "Probe story 1");
    }

    @Test
    void searchFollowsTitleChangesAndDeletes() {
        long id = Articles.create("Before the rename", "Body", "editor");

        Accounts.as("editor").contentType(ContentType.JSON)
                .body(Map.of("title", "Kubernetes after", "content", "Body", "version", 0))
                .put("/api/articles/" + id).then().statusCode(200);
        assertThat(titlesFound("rename")).isEmpty();
        assertThat(titlesFound("kubernetes")).containsExactly("Kubernetes after");

        Accounts.as("editor").delete("/api/articles/" + id).then().statusCode(204);
        assertThat(titlesFound("kubernetes")).isEmpty();
    }

    @Test
    void timestampsReadBackExactlyAsThePostAnsweredThem() throws SQLException {
        // Given an article just posted
        var posted = Accounts.asAdmin().contentType(ContentType.JSON).body(Articles.article("Timed", "Body"))
                .post("/api/articles").then().statusCode(201).extract().response();
        long id = posted.jsonPath().getLong("id");
        var createdAt = posted.jsonPath().getString("createdAt");

        // When it is read back through every path
        Response read = given().get("/api/articles/" + id).then().statusCode(200).extract().response();

        // Then each shows the instant the POST answered, and the database holds that very value
        assertThat(read.jsonPath().getString("createdAt")).isEqualTo(createdAt);
        assertThat(read.jsonPath().getString("updatedAt")).isEqualTo(posted.jsonPath().getString("updatedAt"));
        given().get("/api/articles").then().body("items[0].createdAt", equalTo(createdAt));
        assertThat(storedCreatedAt(id)).isEqualTo(Instant.parse(createdAt));
    }

    private static List<String> titlesFound(String query) {
        return given().queryParam("q", query).get("/api/articles").then().statusCode(200)
                .extract().jsonPath().getList("items.title", String.class);
    }

    private static List<Long> idsNewestFirstInDatabase() {
        try (var connection = MariaDbServer.get().admin(); var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT id FROM " + MariaDbServer.DATABASE
                        + ".article ORDER BY created_at DESC, id DESC")) {
            var ids = new ArrayList<Long>();
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DATETIME holds UTC (quarkus.hibernate-orm.jdbc.timezone=UTC). */
    private static Instant storedCreatedAt(long id) throws SQLException {
        try (var connection = MariaDbServer.get().admin(); var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%f') FROM "
                        + MariaDbServer.DATABASE + ".article WHERE id = " + id)) {
            rows.next();
            return LocalDateTime.parse(rows.getString(1)).toInstant(ZoneOffset.UTC);
        }
    }
}
