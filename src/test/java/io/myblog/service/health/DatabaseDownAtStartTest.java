package io.myblog.service.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.Management;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The service boots while MySQL is down, stays up, and migrates a fresh schema once MySQL arrives. */
// Stops and starts the server: against an external MySQL it fails, unless excluded with -DexcludedGroups=embedded-database.
@Tag(MariaDbServer.NEEDS_EMBEDDED)
@QuarkusTest
@TestProfile(DatabaseDownAtStartTest.DatabaseDown.class)
class DatabaseDownAtStartTest {

    static final String FRESH_DATABASE = "myblog_late";

    /** Stops the server before Quarkus boots and points the service at a schema with no migrations applied. */
    public static class StoppedDatabase extends MariaDbTestResource {
        @Override
        public Map<String, String> start() {
            var server = MariaDbServer.get();
            var config = new java.util.HashMap<>(super.start()); // keeps the management port it chose
            server.execute("DROP DATABASE IF EXISTS " + FRESH_DATABASE,
                    "CREATE DATABASE " + FRESH_DATABASE + " CHARACTER SET utf8mb4");
            server.stop();
            config.putAll(server.environment(FRESH_DATABASE));
            return config;
        }
    }

    public static class DatabaseDown implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StoppedDatabase.class));
        }
    }

    private final MariaDbServer database = MariaDbServer.get();

    @AfterEach
    void databaseRunsAgain() {
        if (!database.isRunning()) {
            database.start();
        }
    }

    @Test
    void startsWithoutDatabaseAndTurnsReadyOnceItArrives() {
        // Given a service that booted with its database down
        // (the kubelet allows 60 s; 30 s leaves room for a loaded CI machine, where one request took over 10 s)
        await("first database check").atMost(Duration.ofSeconds(30))
                .until(() -> Management.given().get("/q/health/started").statusCode() == 200);
        Management.given().get("/q/health/live").then().statusCode(200);
        Management.given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'database' }.data.migrated", equalTo(false))
                .body(not(containsString(MariaDbServer.PASSWORD)));

        // When the database arrives
        database.start();

        // Then the pending migration runs and the service is ready within 5 s, with no restart
        await("ready once the database is reachable").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> Management.given().get("/q/health/ready").statusCode() == 200);
        Accounts.asAdmin().contentType(ContentType.JSON).body(Articles.article("After the wait", "Body"))
                .post("/api/articles").then().statusCode(201);
        given().get("/api/articles").then().statusCode(200).body("items", hasSize(1));
    }
}
