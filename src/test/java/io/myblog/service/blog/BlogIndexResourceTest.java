package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class BlogIndexResourceTest {

    private static final String INDEX = "/blog/index/";
    private static final int CONCURRENT = 20;

    @Inject
    BlogIndexCache indexCache;

    @Inject
    BlogSettings settings;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        indexCache.invalidate(); // the table was emptied behind the service's back
    }

    @Test
    void listsTheTenNewestArticlesNewestFirst() {
        for (int i = 1; i <= 12; i++) {
            Articles.create("Article number %02d".formatted(i), "Body", "author" + i);
        }

        var page = given().get("/blog/index/").then().statusCode(200)
                .contentType("text/html;charset=UTF-8")
                .body(containsString("Article number 12"))
                .body(containsString("Article number 03"))
                .body(not(containsString("Article number 02")))
                .body(not(containsString("Article number 01")))
                .extract().asString();
        org.assertj.core.api.Assertions.assertThat(page.indexOf("Article number 12"))
                .isLessThan(page.indexOf("Article number 11"));
    }

    @Test
    void escapesHtmlInTitlesAndAuthors() {
        // Account names cannot hold markup, but rows written before accounts existed (V1) can
        MariaDbServer.get().execute("INSERT INTO " + MariaDbServer.DATABASE + ".article "
                + "(title, content, author, created_at, updated_at) "
                + "VALUES ('<script>alert(1)</script>', 'Body', '<b>mallory</b>', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
        indexCache.invalidate(); // written behind the service's back

        given().get("/blog/index/").then().statusCode(200)
                .body(not(containsString("<script>alert(1)</script>")))
                .body(containsString("&lt;script&gt;"))
                .body(not(containsString("<b>mallory</b>")));
    }

    @Test
    void saysSoWhenThereAreNoArticles() {
        given().get("/blog/index/").then().statusCode(200).body(containsString("No articles yet."));
    }

    @Test
    void showsAnArticlePostedThroughThisReplicaOnTheNextPage() {
        // Given an index page held in memory (the test profile keeps it for seconds)
        given().get(INDEX).then().statusCode(200).body(containsString("No articles yet."));

        // When an article is posted through this replica
        Articles.create("Fresh from this replica", "Body", "alice");

        // Then the very next page shows it
        given().get(INDEX).then().statusCode(200).body(containsString("Fresh from this replica"));
    }

    @Test
    void reflectsAnUpdateAndADeleteThroughThisReplicaOnTheNextPage() {
        long id = Articles.create("Before the edit", "Body", "alice");
        given().get(INDEX).then().body(containsString("Before the edit"));

        Accounts.as("alice").contentType(ContentType.JSON)
                .body(Map.of("title", "After the edit", "content", "Body", "version", 0))
                .put("/api/articles/" + id).then().statusCode(200);
        given().get(INDEX).then().body(containsString("After the edit")).body(not(containsString("Before the edit")));

        Accounts.as("alice").delete("/api/articles/" + id).then().statusCode(204);
        given().get(INDEX).then().body(containsString("No articles yet."));
    }

    @Test
    void showsAnArticleWrittenThroughAnotherReplicaWithinTheIndexMaxAge() {
        // Given an index page held in memory
        given().get(INDEX).then().body(containsString("No articles yet."));

        // When another replica writes an article: straight to the database, so this replica hears nothing of it
        MariaDbServer.get().execute("INSERT INTO " + MariaDbServer.DATABASE + ".article "
                + "(title, content, author, created_at, updated_at) "
                + "VALUES ('From the other replica', 'Body', 'bob', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");

        // Then this replica still serves the page it holds, and shows the article once that page expires
        given().get(INDEX).then().body(not(containsString("From the other replica")));
        await("the other replica's article on the index")
                .atMost(settings.indexMaxAge().plusSeconds(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> given().get(INDEX).asString().contains("From the other replica"));
    }

    @Test
    void rendersThePageOnceForTwentyConcurrentRequestsAfterItExpired() throws Exception {
        // Given a page that has expired, and a render that will be held up by a lock on the table it reads
        Articles.create("Single flight", "Body", "alice");
        given().get(INDEX).then().statusCode(200);
        indexCache.invalidate();
        double before = renders();
        var pool = Executors.newFixedThreadPool(CONCURRENT);
        try (var locker = MariaDbServer.get().admin(); var lock = locker.createStatement()) {
            lock.execute("LOCK TABLES " + MariaDbServer.DATABASE + ".article WRITE");
            List<Future<String>> pages;
            try {
                // When 20 requests ask for the page at once, all of them while the render is held up
                var start = new CyclicBarrier(CONCURRENT);
                var sent = new AtomicInteger();
                pages = IntStream.range(0, CONCURRENT).mapToObj(i -> pool.submit(() -> {
                    start.await();
                    sent.incrementAndGet();
                    return given().get(INDEX).then().statusCode(200).extract().asString();
                })).toList();
                // (not Micrometer's http.server.active.requests: a gauge of an earlier Quarkus start of the same JVM
                // shadows this one's, and reads 0)
                await("20 requests sent while the render waits on the lock").atMost(Duration.ofSeconds(30))
                        .until(() -> sent.get() == CONCURRENT && renderWaitsOnTheLock(locker));
                await("none answered while the render is held up").during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(5)).until(() -> pages.stream().noneMatch(Future::isDone));
            } finally {
                lock.execute("UNLOCK TABLES");
            }

            // Then every one gets the page, and it was rendered once
            for (var page : pages) {
                assertThat(page.get(30, TimeUnit.SECONDS)).contains("Single flight");
            }
            assertThat(renders() - before).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }

        // Negative control: the next expiry renders it once more
        indexCache.invalidate();
        given().get(INDEX).then().statusCode(200).body(containsString("Single flight"));
        assertThat(renders() - before).isEqualTo(2);
    }

    private double renders() {
        return registry.get(BlogIndexCache.RENDERS).counter().count();
    }

    /** Requests the HTTP server has begun and not yet answered (Quarkus' Micrometer HTTP binder). */
    /** The service's render is a session of its user waiting for the table the test locked. */
    private static boolean renderWaitsOnTheLock(java.sql.Connection admin) throws java.sql.SQLException {
        try (var statement = admin.createStatement();
                var result = statement.executeQuery("SELECT COUNT(*) FROM information_schema.processlist WHERE user = '"
                        + MariaDbServer.USER + "' AND state LIKE 'Waiting for table%'")) {
            result.next();
            return result.getInt(1) > 0;
        }
    }
}
