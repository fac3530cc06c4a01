package io.myblog.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.myblog.support.StatementLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the two hot paths cost the database, counted at the driver (issue 17): a read by id is one statement, a create
 * is two autocommit statements (the article, then its title terms), with no transaction toggled around them.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class StatementCountTest {

    private static final String AUTHOR = "counted";

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
    }

    @Test
    void readingAnArticleByIdSendsOneStatement() {
        // Given an article
        long id = Articles.create("Counted read", "Body", AUTHOR);

        // When a client reads it by id
        StatementLog.clear();
        given().get("/api/articles/{id}", id).then().statusCode(200);

        // Then the service sent one statement: the select by primary key
        assertThat(sentExceptAccountLookups()).singleElement().satisfies(sql -> assertThat(sql).startsWith("select "));
    }

    @Test
    void creatingAnArticleWithATokenSendsTwoAutocommitStatements() {
        // Given an author with a session token, as the accounts issue recommends for API clients
        Accounts.author(AUTHOR);
        String token = Accounts.as(AUTHOR).post("/api/session").then().statusCode(200).extract().path("token");

        // When the author posts an article whose title has several terms
        StatementLog.clear();
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Articles.article("Counted rollout 容器", "Body"))
                .post("/api/articles")
                .then().statusCode(201);

        // Then the service sent the article's insert and one insert of all its title terms, and nothing around them
        assertThat(sentExceptAccountLookups()).satisfiesExactly(
                sql -> assertThat(sql).startsWith("insert into article "),
                sql -> assertThat(sql).startsWith("insert ignore into article_term "));
    }

    /**
     * The statements since the log was cleared, lower case, without those that read an account: a token's account is
     * cached ({@code quarkus.cache.caffeine."account-credentials".expire-after-write}), so it is read once per expiry,
     * not per request, and whether this request is the one that reads it depends on the clock, not on the code.
     */
    private static List<String> sentExceptAccountLookups() {
        return StatementLog.sent().stream()
                .map(sql -> sql.strip().toLowerCase(Locale.ROOT))
                .filter(sql -> !(sql.startsWith("select ") && sql.contains(" from account ")))
                .toList();
    }
}
