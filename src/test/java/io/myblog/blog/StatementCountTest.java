package io.myblog.blog;

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
 * What the two hot paths cost the database (issue 17), counted by the server in its general log (the reactive client
 * has no interceptor like Connector/J's): a read by id is one statement, a create two autocommit statements (the
 * article, then all of its title terms) with no transaction around them; each prepared once per connection.
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
        String token = Accounts.as(AUTHOR).post("/api/session").then().statusCode(200).extract().path("token");

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
        assertOnlyPreparedOnceAndExecuted(received, "insert ");
        var executed = executed(received);
        assertThat(executed).hasSize(2 * REQUESTS);
        assertThat(executed).filteredOn(sql -> sql.startsWith("insert into article ")).hasSize(REQUESTS);
        assertThat(executed).filteredOn(sql -> sql.startsWith("insert ignore into article_term ")).hasSize(REQUESTS);
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
