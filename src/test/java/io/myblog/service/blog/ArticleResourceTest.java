package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class ArticleResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
    }

    @Test
    void createsReadsUpdatesAndDeletesAnArticle() {
        // Given a new article by author alice
        Accounts.author("alice");
        var location = Accounts.as("alice").contentType(ContentType.JSON)
                .body(Articles.article("First post", "Hello from myblog"))
                .post("/api/articles")
                .then().statusCode(201)
                .header("Location", containsString("/api/articles/"))
                .body("title", equalTo("First post"))
                .body("version", equalTo(0))
                .body("createdAt", notNullValue())
                .extract().header("Location");
        var id = location.substring(location.lastIndexOf('/') + 1);

        // When it is read through its Location
        given().get(location).then().statusCode(200)
                .body("id", equalTo(Integer.parseInt(id)))
                .body("content", equalTo("Hello from myblog"))
                .body("author", equalTo("alice"));

        // Then it can be replaced with the version read, which moves the version on
        Accounts.as("alice").contentType(ContentType.JSON)
                .body(Map.of("title", "First post, edited", "content", "Edited", "version", 0))
                .put("/api/articles/" + id)
                .then().statusCode(200)
                .body("title", equalTo("First post, edited"))
                .body("version", equalTo(1));
        given().get("/api/articles/" + id).then().statusCode(200).body("content", equalTo("Edited"));

        // And deleted, after which it is gone
        Accounts.as("alice").delete("/api/articles/" + id).then().statusCode(204);
        given().get("/api/articles/" + id).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void listsNewestFirstWithPagingAndTitleSearch() {
        for (int i = 1; i <= 5; i++) {
            Articles.create("Post " + i, "Body " + i, "bob");
        }
        Articles.create("Kubernetes probes", "Body", "bob");

        given().get("/api/articles?page=0&size=2").then().statusCode(200)
                .body("items.title", contains("Kubernetes probes", "Post 5"))
                .body("page", equalTo(0)).body("size", equalTo(2));
        given().get("/api/articles?page=2&size=2").then().statusCode(200)
                .body("items.title", contains("Post 2", "Post 1"));
        given().get("/api/articles?page=9&size=2").then().statusCode(200)
                .body("items", hasSize(0));
        given().get("/api/articles").then().statusCode(200).body("size", equalTo(20)).body("items", hasSize(6));
        given().get("/api/articles?q=KUBERNETES").then().statusCode(200)
                .body("items.title", contains("Kubernetes probes"));
    }

    @Test
    void titleSearchTreatsWildcardsLiterally() {
        Articles.create("100% uptime", "Body", "carol");
        Articles.create("1000 uptime", "Body", "carol");

        given().queryParam("q", "100%").get("/api/articles").then().statusCode(200)
                .body("items.title", contains("100% uptime"));
        given().queryParam("q", "_").get("/api/articles").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void acceptsPageSizeAtItsBounds() {
        given().get("/api/articles?size=1").then().statusCode(200).body("size", equalTo(1));
        given().get("/api/articles?size=100").then().statusCode(200).body("size", equalTo(100));
    }

    @Test
    void rejectsPageSizeAndPageOutsideTheirBounds() {
        given().get("/api/articles?size=0").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("size"));
        given().get("/api/articles?size=101").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("size"));
        given().get("/api/articles?page=-1").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("page"));
    }

    @Test
    void rejectsNonNumericPaging() {
        given().get("/api/articles?size=ten").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("size"))
                .body("violations.message", contains("must be a whole number"));
        given().get("/api/articles?page=1.5").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("page"));
    }

    @Test
    void reportsEachInvalidFieldOnce() {
        var body = new HashMap<String, Object>();
        body.put("title", "");
        body.put("content", "x".repeat(100_001));

        Accounts.asAdmin().contentType(ContentType.JSON).body(body).post("/api/articles")
                .then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Bad Request"))
                .body("violations", hasSize(2))
                .body("violations.field", contains("content", "title"))
                .body("violations.find { it.field == 'content' }.message", containsString("100000"))
                .body("violations.find { it.field == 'title' }.message", equalTo("must not be blank"));
    }

    @Test
    void acceptsFieldsAtTheirMaximumLength() {
        Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Articles.article("t".repeat(200), "c".repeat(100_000)))
                .post("/api/articles")
                .then().statusCode(201);
    }

    @Test
    void rejectsMissingFields() {
        Accounts.asAdmin().contentType(ContentType.JSON).body("{}").post("/api/articles")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("content", "title"));
    }

    @Test
    void requiresTheVersionOnUpdate() {
        long id = Articles.create("Versioned", "Body", "dave");
        Accounts.as("dave").contentType(ContentType.JSON).body(Articles.article("Versioned", "New"))
                .put("/api/articles/" + id)
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("version"));
    }

    @Test
    void rejectsAStaleVersionWith409() {
        // Given two clients that read version 0
        long id = Articles.create("Shared", "Body", "erin");
        var update = new HashMap<String, Object>(Articles.article("Shared", "First writer"));
        update.put("version", 0);

        // When the first one writes
        Accounts.as("erin").contentType(ContentType.JSON).body(update).put("/api/articles/" + id).then().statusCode(200);

        // Then the second one, still at version 0, gets a conflict and its change is not applied
        update.put("content", "Second writer");
        Accounts.as("erin").contentType(ContentType.JSON).body(update).put("/api/articles/" + id)
                .then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("version 1"));
        given().get("/api/articles/" + id).then().body("content", equalTo("First writer")).body("version", equalTo(1));
    }

    @Test
    void concurrentUpdatesFromTheSameVersionNeverBothSucceed() throws Exception {
        // A token, not Basic: two bcrypt checks in the race would spread the writers apart by tens of milliseconds
        Accounts.author("grace");
        var token = Accounts.as("grace").contentType(ContentType.JSON).post("/api/session").then().statusCode(200).extract().path("token");
        String bearer = token.toString();
        var pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                // Given two clients that both read version 0
                long id = Articles.create("Race " + round, "Body", "grace");
                var start = new CyclicBarrier(2);
                Callable<Integer> writer = () -> {
                    var body = new HashMap<String, Object>(
                            Articles.article("Race", "Written by " + Thread.currentThread().getName()));
                    body.put("version", 0);
                    start.await();
                    return given().auth().oauth2(bearer).contentType(ContentType.JSON).body(body).put("/api/articles/" + id).statusCode();
                };

                // When they write at the same moment
                var first = pool.submit(writer);
                var second = pool.submit(writer);

                // Then exactly one wins and the other gets 409, whichever check caught it
                var statuses = List.of(first.get(), second.get());
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
                given().get("/api/articles/" + id).then().body("version", equalTo(1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void returns404ForUnknownArticle() {
        given().get("/api/articles/987654321").then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404)).body("detail", containsString("987654321"));
        Accounts.asAdmin().delete("/api/articles/987654321").then().statusCode(404).contentType(PROBLEM);
        Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Map.of("title", "t", "content", "c", "version", 0))
                .put("/api/articles/987654321").then().statusCode(404).contentType(PROBLEM);
        given().get("/api/articles/not-a-number").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void rejectsMalformedJsonWith400() {
        Accounts.asAdmin().contentType(ContentType.JSON).body("{\"title\": ").post("/api/articles")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", not(containsString("jackson")))
                .body("detail", not(containsString("Exception")));
        Accounts.asAdmin().contentType(ContentType.JSON).body("{\"title\": [1, 2]}").post("/api/articles")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void rejectsAWrongContentTypeWith415() {
        Accounts.asAdmin().contentType(ContentType.TEXT).body("title=x").post("/api/articles")
                .then().statusCode(415).contentType(PROBLEM).body("status", equalTo(415));
    }

    @Test
    void rejectsABodyOverOneMebibyteWith413() {
        var content = "x".repeat(1024 * 1024 + 1);
        given().contentType(ContentType.JSON).body(Articles.article("Big", content))
                .post("/api/articles")
                .then().statusCode(413).contentType(PROBLEM).body("status", equalTo(413));
    }

    @Test
    void rejectsAChunkedBodyOverOneMebibyteWith413Problem() throws Exception {
        var oversized = "{\"title\":\"Big\",\"content\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}";

        var response = postChunked(oversized);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM);
        assertThat(response.body()).contains("\"status\":413");
    }

    @Test
    void acceptsAChunkedBodyUnderTheLimit() throws Exception {
        var response = postChunked("{\"title\":\"Chunked\",\"content\":\"" + "y".repeat(200_000) + "\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400); // content is capped at 100 000 characters
        assertThat(response.body()).contains("content");
        var created = postChunked("{\"title\":\"Chunked\",\"content\":\"small\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"title\":\"Chunked\"");
    }

    /** A body of unknown length, so the client sends it chunked, without Content-Length. */
    private static HttpResponse<String> postChunked(String json) throws Exception {
        var bytes = json.getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":"
                        + RestAssured.port + "/api/articles"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (Accounts.ADMIN + ":" + Accounts.adminPassword()).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void roundTripsChineseTextThroughApiAndIndex() {
        var title = "你好，Kubernetes";
        var author = "xiaoming";
        long id = Articles.create(title, "从 Django 到 Quarkus 🚀", author);

        given().get("/api/articles/" + id).then().statusCode(200)
                .contentType(containsString("application/json"))
                .body("title", equalTo(title)).body("author", equalTo(author))
                .body("content", equalTo("从 Django 到 Quarkus 🚀"));
        given().get("/api/articles?q=你好").then().body("items.title", hasItem(title));
        given().get("/blog/index/").then().statusCode(200)
                .contentType(containsString("charset=UTF-8"))
                .body(containsString(title)).body(containsString(author));
    }

    @Test
    void answersUnknownPathsWithAProblem() {
        given().get("/api/nothing-here").then().statusCode(404).contentType(PROBLEM);
        given().patch("/api/articles/1").then().statusCode(405).contentType(PROBLEM);
        given().get("/blog/index/").then().statusCode(200).contentType(endsWith("UTF-8"));
    }
}
