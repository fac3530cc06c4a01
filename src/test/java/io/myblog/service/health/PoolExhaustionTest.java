package io.myblog.service.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.myblog.service.database.DatabaseSettings;
import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.LogCapture;
import io.myblog.support.Management;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests hold every connection of the reactive pool behind a table lock: the service is busy, its database is not
 * dead. Every path that reaches the store (reads, lists, search, pages, writes, and the account lookups of Basic and
 * token authentication) answers a late request 503 with Retry-After, and readiness stays UP.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class PoolExhaustionTest {

    private static final Duration RECOVERS_WITHIN = Duration.ofSeconds(30);
    private static final String AUTHOR = "pooled";

    @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int poolSize;

    @Inject
    DatabaseSettings settings;

    private final MariaDbServer database = MariaDbServer.get();

    @BeforeEach
    void ready() {
        Articles.awaitReady();
    }

    @Test
    void busyPoolKeepsReadinessUpAndAnswersEveryPath503UntilTheLockIsReleased() throws Exception {
        long id = Articles.create("Behind the lock", "Body", AUTHOR);
        String token = Accounts.as(AUTHOR).contentType(ContentType.JSON).post("/api/session").then().statusCode(200).extract().path("token");
        var update = Map.of("title", "Behind the lock", "content", "Changed", "version", 0);
        Map<String, Callable<Response>> late = new LinkedHashMap<>();
        late.put("GET by id", () -> given().get("/api/articles/" + id));
        late.put("GET list", () -> given().get("/api/articles?size=1"));
        late.put("GET search", () -> given().get("/api/articles?q=lock"));
        late.put("article page", () -> given().get("/blog/article/" + id + "/"));
        late.put("index search page", () -> given().get("/blog/index/?q=lock"));
        late.put("POST with Basic", () -> Accounts.as(AUTHOR).contentType(ContentType.JSON)
                .body(Articles.article("Late", "Body")).post("/api/articles"));
        late.put("POST with a token", () -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Articles.article("Late", "Body")).post("/api/articles"));
        late.put("PUT", () -> Accounts.as(AUTHOR).contentType(ContentType.JSON).body(update).put("/api/articles/" + id));
        late.put("DELETE", () -> Accounts.as(AUTHOR).delete("/api/articles/" + id));
        late.put("accounts", () -> Accounts.asAdmin().get("/api/accounts"));

        var clients = Executors.newFixedThreadPool(poolSize + late.size());
        try (Connection lock = database.admin(); var log = LogCapture.everything()) {
            // Given requests that hold every pooled connection, each waiting on a table another session locked
            lock.createStatement().execute("LOCK TABLES " + MariaDbServer.DATABASE + ".article WRITE");
            List<Future<Response>> holders = new ArrayList<>();
            for (int i = 0; i < poolSize; i++) {
                holders.add(clients.submit(() -> given().get("/api/articles/" + id)));
            }
            await("every pooled connection waits on the lock").atMost(RECOVERS_WITHIN)
                    .untilAsserted(() -> assertThat(sessions(lock)).filteredOn(state -> state.startsWith("Waiting for table"))
                            .hasSizeGreaterThanOrEqualTo(poolSize));

            // When more requests arrive, on every path
            Map<String, Future<Response>> answers = new LinkedHashMap<>();
            late.forEach((path, request) -> answers.put(path, clients.submit(request)));

            // Then readiness stays UP all along, and each late request is told to retry, without an ERROR or WARN line
            while (answers.values().stream().anyMatch(f -> !f.isDone())) {
                Management.given().get("/q/health/ready").then().statusCode(200);
            }
            for (var answer : answers.entrySet()) {
                var response = answer.getValue().get();
                assertThat(response.statusCode()).as(answer.getKey() + ": " + response.asString()).isEqualTo(503);
                assertThat(response.contentType()).as(answer.getKey()).isEqualTo("application/problem+json");
                assertThat(response.header("Retry-After")).as(answer.getKey())
                        .isEqualTo(Long.toString(settings.retryAfter().toSeconds()));
            }
            assertThat(log.at(Level.SEVERE)).as("ERROR lines while the pool was busy").isEmpty();
            assertThat(log.at(Level.WARNING)).as("WARN lines while the pool was busy").isEmpty();

            // And everything recovers once the lock is released
            lock.createStatement().execute("UNLOCK TABLES");
            for (var holder : holders) {
                assertThat(holder.get().statusCode()).isEqualTo(200);
            }
            given().get("/api/articles/" + id).then().statusCode(200);
            Management.given().get("/q/health/ready").then().statusCode(200);
        } finally {
            clients.shutdownNow();
        }
    }

    /** What each of the service's sessions is doing. */
    private static List<String> sessions(Connection admin) throws Exception {
        try (var statement = admin.createStatement();
                var result = statement.executeQuery("SELECT state FROM information_schema.processlist "
                        + "WHERE user = '" + MariaDbServer.USER + "'")) {
            var states = new ArrayList<String>();
            while (result.next()) {
                states.add(String.valueOf(result.getString(1)));
            }
            return states;
        }
    }
}
