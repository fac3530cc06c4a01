package io.myblog.blog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class BlogIndexResourceTest {

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
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
        Articles.create("<script>alert(1)</script>", "Body", "<b>mallory</b>");

        given().get("/blog/index/").then().statusCode(200)
                .body(not(containsString("<script>alert(1)</script>")))
                .body(containsString("&lt;script&gt;"))
                .body(not(containsString("<b>mallory</b>")));
    }

    @Test
    void saysSoWhenThereAreNoArticles() {
        given().get("/blog/index/").then().statusCode(200).body(containsString("No articles yet."));
    }
}
