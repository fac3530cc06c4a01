package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drafts: visible to their author and admins only, in the API and on pages; every listing shows published articles. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class DraftsTest {

    private static final String AUTHOR = "drafter";
    private static final String OTHER = "bystander";
    private static final String TITLE = "Unfinished thoughts on drafts";
    private static final String HTML = "text/html";

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        Accounts.author(AUTHOR);
        Accounts.author(OTHER);
    }

    @Test
    void aClientThatSendsNoStatusPublishesAsBefore() {
        var created = Accounts.as(AUTHOR).contentType(ContentType.JSON).body(Articles.article("Plain", "Old client"))
                .post("/api/articles").then().statusCode(201).extract().jsonPath();

        assertThat(created.getString("status")).isEqualTo("published");
        assertThat(Instant.parse(created.getString("publishedAt"))).isEqualTo(Instant.parse(created.getString("createdAt")));
        given().get("/api/articles/" + created.getLong("id")).then().statusCode(200).body("status", equalTo("published"));
    }

    @Test
    void aDraftIsAbsentToAnyoneButItsAuthorAndAdmins() {
        long id = draft();

        // the API
        given().get("/api/articles/" + id).then().statusCode(404);
        Accounts.as(OTHER).get("/api/articles/" + id).then().statusCode(404);
        given().auth().preemptive().basic(AUTHOR, "not-the-password-at-all").header("X-Forwarded-For", "198.51.100.26")
                .get("/api/articles/" + id).then().statusCode(404);
        Accounts.as(AUTHOR).get("/api/articles/" + id).then().statusCode(200)
                .body("status", equalTo("draft")).body("publishedAt", nullValue())
                .header("Cache-Control", org.hamcrest.Matchers.containsString("private"));
        Accounts.asAdmin().get("/api/articles/" + id).then().statusCode(200);
        // the page
        given().accept(HTML).get("/blog/article/" + id + "/").then().statusCode(404);
        Accounts.as(OTHER).accept(HTML).get("/blog/article/" + id + "/").then().statusCode(404);
        var page = Accounts.as(AUTHOR).accept(HTML).get("/blog/article/" + id + "/").then().statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("private")).extract().asString();
        assertThat(page).contains(TITLE).contains("Draft:");
    }

    @Test
    void listsSearchTheIndexTheFeedAndTheSitemapLeaveDraftsOut() {
        long published = Articles.create("Published drafts post", "Out in the open", AUTHOR);
        long id = draft();

        assertThat(everywhere()).allSatisfy(listing -> assertThat(listing).doesNotContain(TITLE).contains("Published drafts post"));
        assertThat(given().get("/sitemap.xml").then().statusCode(200).extract().asString())
                .doesNotContain("/blog/article/" + id + "/").contains("/blog/article/" + published + "/");
    }

    @Test
    void publishingIsAStatusChangeAndShowsItEverywhere() {
        long id = draft();
        given().get("/blog/index/").then().statusCode(200); // the index page is now cached without it

        var published = Accounts.as(AUTHOR).contentType(ContentType.JSON)
                .body(Map.of("title", TITLE, "content", "Now finished", "version", 0, "status", "published"))
                .put("/api/articles/" + id).then().statusCode(200).extract().jsonPath();

        assertThat(published.getString("status")).isEqualTo("published");
        assertThat(published.getString("publishedAt")).isNotNull();
        given().get("/api/articles/" + id).then().statusCode(200).body("publishedAt", equalTo(published.getString("publishedAt")));
        given().accept(HTML).get("/blog/article/" + id + "/").then().statusCode(200).header("Cache-Control", "no-cache");
        assertThat(everywhere()).allSatisfy(listing -> assertThat(listing).contains(TITLE));
        assertThat(given().get("/sitemap.xml").asString()).contains("/blog/article/" + id + "/");

        // a PUT without status keeps it published, and the first publication's time stays
        Accounts.as(AUTHOR).contentType(ContentType.JSON).body(Map.of("title", TITLE, "content", "Edited", "version", 1))
                .put("/api/articles/" + id).then().statusCode(200)
                .body("status", equalTo("published")).body("publishedAt", equalTo(published.getString("publishedAt")));
    }

    @Test
    void aPublishedArticleMadeADraftAgainLeavesTheListings() {
        long id = Articles.create(TITLE, "Out too early", AUTHOR);
        assertThat(everywhere()).allSatisfy(listing -> assertThat(listing).contains(TITLE));

        Accounts.as(AUTHOR).contentType(ContentType.JSON)
                .body(Map.of("title", TITLE, "content", "Back in", "version", 0, "status", "draft"))
                .put("/api/articles/" + id).then().statusCode(200).body("status", equalTo("draft"));

        assertThat(everywhere()).allSatisfy(listing -> assertThat(listing).doesNotContain(TITLE));
        given().get("/api/articles/" + id).then().statusCode(404);
    }

    @Test
    void aStatusThatIsNeitherIsRefusedNamingTheField() {
        Accounts.as(AUTHOR).contentType(ContentType.JSON)
                .body(Map.of("title", TITLE, "content", "x", "status", "secret"))
                .post("/api/articles").then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("status"));
    }

    private static long draft() {
        return Accounts.as(AUTHOR).contentType(ContentType.JSON)
                .body(Map.of("title", TITLE, "content", "Not for readers yet", "status", "draft"))
                .post("/api/articles").then().statusCode(201).body("status", equalTo("draft"))
                .extract().jsonPath().getLong("id");
    }

    /** The API's list, its search, the index page (first page, cached, and a search) and the feed, as text. */
    private static java.util.List<String> everywhere() {
        return java.util.List.of(
                given().get("/api/articles").then().statusCode(200).extract().asString(),
                given().get("/api/articles?q=drafts").then().statusCode(200).extract().asString(),
                given().get("/api/articles?page=0").then().statusCode(200).extract().asString(),
                given().get("/blog/index/").then().statusCode(200).extract().asString(),
                given().get("/blog/index/?q=drafts").then().statusCode(200).extract().asString(),
                given().get("/blog/feed/").then().statusCode(200).extract().asString());
    }
}
