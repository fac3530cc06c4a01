package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ETag and Last-Modified on an article's page and its JSON; If-Match on PUT. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class HttpCachingTest {

    private static final String PROBLEM = "application/problem+json";

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
    }

    @Test
    void articlePageAndJsonCarryValidatorsAndAnswer304WhenCurrent() {
        long id = Articles.create("Cached", "Body", "alice");

        for (var path : List.of("/blog/article/" + id + "/", "/api/articles/" + id)) {
            // Given the representation with its validators
            var first = given().get(path).then().statusCode(200)
                    .header("ETag", notNullValue())
                    .header("Last-Modified", notNullValue())
                    .header("Cache-Control", containsString("no-cache"))
                    .extract();
            var etag = first.header("ETag");
            var lastModified = first.header("Last-Modified");

            // Then the same copy asked again by ETag or by date is not sent again
            given().header("If-None-Match", etag).get(path).then().statusCode(304)
                    .header("ETag", equalTo(etag)).body(emptyString());
            given().header("If-Modified-Since", lastModified).get(path).then().statusCode(304).body(emptyString());
            given().header("If-None-Match", "\"another\", " + etag).get(path).then().statusCode(304);

            // And a copy the client does not have is sent in full
            given().header("If-None-Match", "\"another\"").get(path).then().statusCode(200)
                    .body(containsString("Cached"));
            given().header("If-None-Match", "\"another\"").header("If-Modified-Since", lastModified).get(path)
                    .then().statusCode(200); // If-None-Match decides when both are sent (RFC 9110, 13.2.2)
        }
    }

    @Test
    void anEditChangesBothTagsSoTheNextReadGetsTheNewText() {
        long id = Articles.create("Before", "Body", "bob");
        var pageTag = given().get("/blog/article/" + id + "/").header("ETag");
        var apiTag = given().get("/api/articles/" + id).header("ETag");
        assertThat(pageTag).as("two representations, two tags").isNotEqualTo(apiTag);

        Accounts.as("bob").contentType(ContentType.JSON).header("If-Match", apiTag)
                .body(Articles.article("After", "Body"))
                .put("/api/articles/" + id).then().statusCode(200).header("ETag", not(equalTo(apiTag)));

        given().header("If-None-Match", pageTag).get("/blog/article/" + id + "/").then().statusCode(200)
                .body(containsString("After"));
        given().header("If-None-Match", apiTag).get("/api/articles/" + id).then().statusCode(200)
                .body("title", equalTo("After"));
    }

    @Test
    void putWithTheCurrentETagAsIfMatchNeedsNoVersionInTheBody() {
        long id = Articles.create("Tagged", "Body", "carol");
        var etag = given().get("/api/articles/" + id).header("ETag");

        Accounts.as("carol").contentType(ContentType.JSON).header("If-Match", etag)
                .body(Articles.article("Tagged", "Edited through If-Match"))
                .put("/api/articles/" + id).then().statusCode(200)
                .body("version", equalTo(1))
                .header("ETag", equalTo(given().get("/api/articles/" + id).header("ETag")));
    }

    @Test
    void putWithAStaleIfMatchGets412AndChangesNothing() {
        // Given two clients that read the same ETag
        long id = Articles.create("Shared", "Body", "dave");
        var etag = given().get("/api/articles/" + id).header("ETag");
        Accounts.as("dave").contentType(ContentType.JSON).header("If-Match", etag)
                .body(Articles.article("Shared", "First writer"))
                .put("/api/articles/" + id).then().statusCode(200);

        // When the second one writes from the tag it read
        Accounts.as("dave").contentType(ContentType.JSON).header("If-Match", etag)
                .body(Articles.article("Shared", "Second writer"))
                .put("/api/articles/" + id)
                .then().statusCode(412).contentType(PROBLEM)
                .body("status", equalTo(412))
                .body("detail", containsString("version 1"));

        // Then its change is not applied
        given().get("/api/articles/" + id).then().body("content", equalTo("First writer")).body("version", equalTo(1));
    }

    @Test
    void ifMatchAcceptsOnlyTheCurrentStrongTag() {
        long id = Articles.create("Strict", "Body", "erin");
        var etag = given().get("/api/articles/" + id).header("ETag");
        var pageTag = given().get("/blog/article/" + id + "/").header("ETag");
        var body = Articles.article("Strict", "Edited");

        for (var wrong : List.of("W/" + etag, pageTag, "\"" + id + "-7\"")) {
            Accounts.as("erin").contentType(ContentType.JSON).header("If-Match", wrong).body(body)
                    .put("/api/articles/" + id).then().statusCode(412).contentType(PROBLEM);
        }
        Accounts.as("erin").contentType(ContentType.JSON).header("If-Match", "\"x\", " + etag).body(body)
                .put("/api/articles/" + id).then().statusCode(200);
    }

    /** The attacker's (or a buggy client's) way around the version check: a condition nobody can read. */
    @Test
    void aBlankOrMalformedIfMatchIsABadRequestAndChangesNothing() {
        long id = Articles.create("Guarded", "Body", "erin");
        var body = Articles.article("Guarded", "Overwritten without reading it");

        // a blank header reaches the service as no header: the body must then carry the version it read
        for (var blank : List.of("", "   ")) {
            Accounts.as("erin").contentType(ContentType.JSON).header("If-Match", blank).body(body)
                    .put("/api/articles/" + id).then().statusCode(400).contentType(PROBLEM)
                    .body("violations.field", equalTo(List.of("version")));
        }
        for (var unreadable : List.of("not-a-tag", "\"" + id + "-0\" junk", ",", "\"" + id + "-0\",")) {
            Accounts.as("erin").contentType(ContentType.JSON).header("If-Match", unreadable).body(body)
                    .put("/api/articles/" + id).then().statusCode(400).contentType(PROBLEM)
                    .body("violations.field", equalTo(List.of("If-Match")));
        }
        given().get("/api/articles/" + id).then().body("content", equalTo("Body")).body("version", equalTo(0));
    }

    @Test
    void ifMatchAndBodyVersionMustBothHoldWhenBothAreSent() {
        long id = Articles.create("Both", "Body", "frank");
        var etag = given().get("/api/articles/" + id).header("ETag");
        var stale = new HashMap<String, Object>(Articles.article("Both", "Edited"));
        stale.put("version", 5);

        Accounts.as("frank").contentType(ContentType.JSON).header("If-Match", etag).body(stale)
                .put("/api/articles/" + id).then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void putWithNeitherIfMatchNorVersionIsABadRequest() {
        long id = Articles.create("Unversioned", "Body", "grace");

        Accounts.as("grace").contentType(ContentType.JSON).body(Articles.article("Unversioned", "Edited"))
                .put("/api/articles/" + id).then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", equalTo(List.of("version")));
        Accounts.as("grace").contentType(ContentType.JSON).header("If-Match", "*").body(Map.of("title", "", "content", "c"))
                .put("/api/articles/" + id).then().statusCode(400).body("violations.field", equalTo(List.of("title")));
    }
}
