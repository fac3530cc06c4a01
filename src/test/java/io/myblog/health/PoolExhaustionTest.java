package io.myblog.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.myblog.database.DatabaseSettings;
import io.myblog.support.Articles;
import io.myblog.support.LogCapture;
import io.myblog.support.Management;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests hold every pooled connection behind a table lock: the service is busy, its database is not dead. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class PoolExhaustionTest {

    private static final Duration RECOVERS_WITHIN = Duration.ofSeconds(30);
    private static final int LATE_REQUESTS = 4;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int jdbcPoolSize;

    @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int reactivePoolSize;

    @Inject
    DatabaseSettings settings;

    private final MariaDbServer database = MariaDbServer.get();

    @BeforeEach
    void ready() {
        Articles.awaitReady();
    }

    @Test
    void busyJdbcPoolKeepsReadinessUpAndAnswers503UntilTheLockIsReleased() throws Exception {
        Articles.create("Behind the lock", "Body", "ops");
        busyPoolKeepsReadinessUpAndAnswers503UntilTheLockIsReleased(jdbcPoolSize, "/api/articles?size=1");
    }

    /** The API's read by id has a pool of its own, on the reactive client (issue 17): the same promise holds there. */
    @Test
    void busyReactivePoolKeepsReadinessUpAndAnswers503UntilTheLockIsReleased() throws Exception {
        long id = Articles.create("Behind the lock", "Body", "ops");
        busyPoolKeepsReadinessUpAndAnswers503UntilTheLockIsReleased(reactivePoolSize, "/api/articles/" + id);
    }

    private void busyPoolKeepsReadinessUpAndAnswers503UntilTheLockIsReleased(int poolSize, String path)
            throws Exception {
        var clients = Executors.newFixedThreadPool(poolSize + LATE_REQUESTS);
        try (Connection lock = database.admin(); var log = LogCapture.everything()) {
            // Given requests that hold every pooled connection, each waiting on a table another session locked
            lock.createStatement().execute("LOCK TABLES " + MariaDbServer.DATABASE + ".article WRITE");
            List<Future<Response>> holders = new ArrayList<>();
            for (int i = 0; i < poolSize; i++) {
                holders.add(clients.submit(() -> given().get(path)));
            }
            await("every pooled connection waits on the lock").atMost(RECOVERS_WITHIN)
                    .untilAsserted(() -> assertThat(sessions(lock)).filteredOn(state -> state.startsWith("Waiting for table"))
                            .hasSizeGreaterThanOrEqualTo(poolSize));

            // When more requests arrive
            List<Future<Response>> late = new ArrayList<>();
            for (int i = 0; i < LATE_REQUESTS; i++) {
                late.add(clients.submit(() -> given().get(path)));
            }

            // Then readiness stays UP all along, and each late request is told to retry, without an ERROR line
            while (late.stream().anyMatch(f -> !f.isDone())) {
                Management.given().get("/q/health/ready").then().statusCode(200);
            }
            for (var response : late) {
                var answer = response.get();
                assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(503);
                assertThat(answer.contentType()).isEqualTo("application/problem+json");
                assertThat(answer.header("Retry-After")).isEqualTo(Long.toString(settings.retryAfter().toSeconds()));
            }
            assertThat(log.at(Level.SEVERE)).as("ERROR lines while the pool was busy").isEmpty();
            assertThat(log.at(Level.WARNING)).as("WARN lines while the pool was busy").isEmpty();

            // And everything recovers once the lock is released
            lock.createStatement().execute("UNLOCK TABLES");
            for (var holder : holders) {
                assertThat(holder.get().statusCode()).isEqualTo(200);
            }
            given().get(path).then().statusCode(200);
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
