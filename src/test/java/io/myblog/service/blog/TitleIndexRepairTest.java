package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A create is two autocommit statements; when the second (the title index) fails, the stored article is indexed later
 * by TitleIndexRepair, so search finds it without anyone posting again.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class TitleIndexRepairTest {

    private static final String AUTHOR = "repaired";
    private static final String WORD = "unindexable";
    /** Makes the database refuse index rows of {@link #WORD}, as a lost connection would refuse the whole insert. */
    private static final String REFUSE_WORD = "CREATE TRIGGER " + MariaDbServer.DATABASE + ".refuse_word"
            + " BEFORE INSERT ON " + MariaDbServer.DATABASE + ".article_term FOR EACH ROW"
            + " IF NEW.term = '" + WORD + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF";
    private static final String ACCEPT_WORD = "DROP TRIGGER IF EXISTS " + MariaDbServer.DATABASE + ".refuse_word";

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        Accounts.author(AUTHOR);
    }

    @Test
    void anArticleWhoseTitleIndexInsertFailedIsFoundBySearchOnceTheIndexTakesRowsAgain() {
        var retry = ConfigProvider.getConfig().getValue("myblog.blog.index-repair-retry", Duration.class);
        MariaDbServer.get().execute(ACCEPT_WORD, REFUSE_WORD);
        try {
            // Given a create whose second statement, the title index, fails
            Accounts.as(AUTHOR).contentType(ContentType.JSON).body(Articles.article("An " + WORD + " title", "Body"))
                    .post("/api/articles")
                    .then().statusCode(500);

            // Then the article is stored, but search does not find it while the index refuses its rows
            assertThat(given().get("/api/articles").then().statusCode(200).extract().jsonPath().getList("items.title"))
                    .containsExactly("An " + WORD + " title");
            assertThat(searchFor(WORD)).isEmpty();
        } finally {
            // When the index takes rows again
            MariaDbServer.get().execute(ACCEPT_WORD);
        }

        // Then the repair indexes the article by its next attempt, and search finds it by any word of its title
        await("the repaired article found by search").atMost(retry.multipliedBy(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> searchFor(WORD).size() == 1);
        assertThat(searchFor("title")).hasSize(1);
    }

    private static List<Object> searchFor(String word) {
        return given().queryParam("q", word).get("/api/articles").then().statusCode(200).extract().jsonPath().getList("items");
    }
}
