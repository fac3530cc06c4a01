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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the two hot paths cost the database (issue 17): a read by id is one statement, counted by the server; a create
 * is two autocommit statements (the article, then its title terms), counted at the driver, with no transaction toggled
 * around them.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class StatementCountTest {

    private static final String AUTHOR = "counted";
    private static final int READS = 20;

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
    }

    @Test
    void readingAnArticleByIdSendsOneExecutePerReadAndPreparesOncePerConnection() throws SQLException {
        // Given an article
        long id = Articles.create("Counted read", "Body", AUTHOR);

        // When clients read it by id, several times
        var received = commandsOnTheReadingConnections(() -> {
            for (int i = 0; i < READS; i++) {
                given().get("/api/articles/{id}", id).then().statusCode(200);
            }
        });

        // Then the database executed the select by primary key once per read, prepared it at most once per connection,
        // and received nothing else on those connections: no transaction, no per-read prepare or close
        assertThat(received).as("commands per reading connection").isNotEmpty().allSatisfy((connection, commands) -> {
            assertThat(commands).filteredOn(command -> command.startsWith("Prepare")).hasSizeLessThanOrEqualTo(1);
            assertThat(commands).allSatisfy(command -> assertThat(command).matches("(Prepare|Execute): select .*"));
        });
        assertThat(received.values().stream().flatMap(List::stream).filter(command -> command.startsWith("Execute")))
                .hasSize(READS);
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

    /**
     * The commands MariaDB received, per connection, on the connections that read an article while {@code requests}
     * ran, from the server's general log: the read by id goes through the reactive client, which has no interceptor
     * like Connector/J's. Connecting and quitting are not commands a request sends.
     */
    private static Map<Long, List<String>> commandsOnTheReadingConnections(Runnable requests) throws SQLException {
        try (Connection admin = MariaDbServer.get().admin(); var sql = admin.createStatement()) {
            sql.execute("SET GLOBAL log_output = 'TABLE'");
            sql.execute("TRUNCATE TABLE mysql.general_log");
            sql.execute("SET GLOBAL general_log = 1");
            try {
                requests.run();
            } finally {
                sql.execute("SET GLOBAL general_log = 0");
            }
            var received = new TreeMap<Long, List<String>>();
            try (var rows = sql.executeQuery("SELECT thread_id, command_type, CONVERT(argument USING utf8mb4) "
                    + "FROM mysql.general_log WHERE command_type NOT IN ('Connect', 'Quit') AND thread_id IN "
                    + "(SELECT thread_id FROM mysql.general_log WHERE argument LIKE '%FROM article WHERE id =%') "
                    + "ORDER BY event_time")) {
                while (rows.next()) {
                    received.computeIfAbsent(rows.getLong(1), connection -> new ArrayList<>())
                            .add(rows.getString(2) + ": " + rows.getString(3).strip().toLowerCase(Locale.ROOT));
                }
            }
            return received;
        }
    }
}
