package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
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
 * What each request costs the database, counted by the server in its general log (the reactive client has no
 * interceptor like Connector/J's): a read by id, a list page and a one-word search page are one statement each (a
 * search of several words two: how rare each word is, then the page), a create two autocommit statements (the
 * article, then all of its title terms), an update that keeps the title two (the check, then the versioned update); none toggles autocommit, and each statement is prepared once per connection.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class StatementCountTest {

    private static final String AUTHOR = "counted";
    private static final int REQUESTS = 20;

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
    }

    @Test
    void readingAnArticleByIdExecutesOneStatementAndPreparesItOncePerConnection() throws SQLException {
        // Given an article
        long id = Articles.create("Counted read", "Body", AUTHOR);

        // When clients read it by id, several times
        var received = commandsOnConnectionsThatRan("%FROM article WHERE id =%", () -> {
            for (int i = 0; i < REQUESTS; i++) {
                given().get("/api/articles/{id}", id).then().statusCode(200);
            }
        });

        // Then the database executed the select by primary key once per read and received nothing else but its prepare
        assertOnlyPreparedOnceAndExecuted(received, "select ");
        assertThat(executed(received)).hasSize(REQUESTS).allSatisfy(sql -> assertThat(sql).startsWith("select "));
    }

    @Test
    void creatingAnArticleWithATokenExecutesTwoAutocommitStatements() throws SQLException {
        // Given an author with a session token, as the accounts issue recommends for API clients
        Accounts.author(AUTHOR);
        String token = Accounts.as(AUTHOR).contentType(ContentType.JSON).post("/api/session").then().statusCode(200).extract().path("token");

        // When the author posts articles whose titles have several terms
        var received = commandsOnConnectionsThatRan("INSERT INTO article %", () -> {
            for (int i = 0; i < REQUESTS; i++) {
                given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Articles.article("Counted rollout 容器 " + i, "Body"))
                        .post("/api/articles")
                        .then().statusCode(201);
            }
        });

        // Then each create executed the article's insert and one insert of all its title terms, nothing around them
        // (the token check reads its account on the same pool when its 1 s cache has expired: not the create's cost)
        received.replaceAll((connection, commands) -> commands.stream()
                .filter(command -> !command.contains(" from account where ")).toList());
        assertOnlyPreparedOnceAndExecuted(received, "insert ");
        var executed = executed(received);
        assertThat(executed).hasSize(2 * REQUESTS);
        assertThat(executed).filteredOn(sql -> sql.startsWith("insert into article ")).hasSize(REQUESTS);
        assertThat(executed).filteredOn(sql -> sql.startsWith("insert ignore into article_term ")).hasSize(REQUESTS);
    }

    @Test
    void aListPageIsOneStatementAndASearchPageOfTwoWordsTwo() throws SQLException {
        // Given articles enough for several pages
        for (int i = 0; i < 5; i++) {
            Articles.create("Counted listing " + i, "Body", AUTHOR);
        }

        // When clients read list pages and search pages
        var lists = commandsOnConnectionsThatRan("%FROM article a WHERE%", () -> {
            for (int i = 0; i < REQUESTS; i++) {
                given().get("/api/articles?size=2").then().statusCode(200);
            }
        });
        var searches = commandsOnConnectionsThatRan("%FROM article_term t %JOIN article a%", () -> {
            for (int i = 0; i < REQUESTS; i++) {
                given().get("/api/articles?size=2&q=counted listing").then().statusCode(200);
            }
        });

        // Then each list page was one select, each search page of two words two (how rare each word is, then the page
        // from the rarer), prepared once per connection, and nothing else reached those connections
        assertOnlyPreparedOnceAndExecuted(lists, "select ");
        assertThat(executed(lists)).hasSize(REQUESTS);
        assertOnlyPreparedOnceAndExecuted(searches, "select ");
        assertThat(executed(searches)).hasSize(2 * REQUESTS);
    }

    @Test
    void updatingAnArticleWithoutANewTitleExecutesTheCheckAndOneVersionedUpdate() throws SQLException {
        // Given an article of the author's
        long id = Articles.create("Counted update", "Body", AUTHOR);

        // When the author changes its content several times, each time from the version it read
        var received = commandsOnConnectionsThatRan("% article %", () -> {
            for (int i = 0; i < REQUESTS; i++) {
                Accounts.as(AUTHOR).contentType(ContentType.JSON)
                        .body(java.util.Map.of("title", "Counted update", "content", "Body " + i, "version", i))
                        .put("/api/articles/" + id)
                        .then().statusCode(200);
            }
        });

        // Then each update was a select of the row's head and the update guarded by the version, no transaction
        var executed = executed(received);
        assertThat(executed).filteredOn(sql -> sql.startsWith("select author, version")).hasSize(REQUESTS);
        assertThat(executed).filteredOn(sql -> sql.startsWith("update article set") && sql.contains("and version = "))
                .hasSize(REQUESTS);
        assertThat(received.values()).allSatisfy(commands -> assertThat(commands)
                .noneMatch(command -> command.contains("autocommit") || command.contains("start transaction")
                        || command.equals("query: begin") || command.equals("query: commit")));
    }

    /** Each connection received prepares and executes of statements starting so, and each statement prepared once. */
    private static void assertOnlyPreparedOnceAndExecuted(Map<Long, List<String>> received, String start) {
        assertThat(received).as("commands per connection").isNotEmpty().allSatisfy((connection, commands) -> {
            assertThat(commands).allSatisfy(command -> assertThat(command).matches("(Prepare|Execute): " + start + ".*"));
            var prepared = commands.stream().filter(command -> command.startsWith("Prepare")).toList();
            assertThat(prepared).as("statements prepared on connection " + connection).doesNotHaveDuplicates();
        });
    }

    private static List<String> executed(Map<Long, List<String>> received) {
        return received.values().stream().flatMap(List::stream)
                .filter(command -> command.startsWith("Execute: "))
                .map(command -> command.substring("Execute: ".length()))
                .toList();
    }

    /**
     * The commands MariaDB received while {@code requests} ran, per connection, on the connections that ran a statement
     * like {@code pattern}; lower case. Connecting and quitting are not commands a request sends.
     */
    private static Map<Long, List<String>> commandsOnConnectionsThatRan(String pattern, Runnable requests)
            throws SQLException {
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
            try (var rows = admin.prepareStatement("SELECT thread_id, command_type, CONVERT(argument USING utf8mb4) "
                    + "FROM mysql.general_log WHERE command_type NOT IN ('Connect', 'Quit') AND thread_id IN "
                    + "(SELECT thread_id FROM mysql.general_log WHERE argument LIKE ?) ORDER BY event_time")) {
                rows.setString(1, pattern);
                try (var row = rows.executeQuery()) {
                    while (row.next()) {
                        received.computeIfAbsent(row.getLong(1), connection -> new ArrayList<>())
                                .add(row.getString(2) + ": " + row.getString(3).strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
            return received;
        }
    }
}
