package io.myblog.service.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.myblog.support.Management;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A migration that takes as long as the test wants: the pod is started at once, and ready only when it ends. */
@QuarkusTest
@TestProfile(SlowMigrationTest.SlowMigration.class)
class SlowMigrationTest {

    static final String DATABASE = "myblog_slow_migration";
    /** The test migration (src/test/resources/db/slow-migration) waits for this named lock. */
    static final String LOCK = "myblog_slow_migration";

    /** Holds the lock before the service boots, on a database of its own, so the migration waits from the start. */
    public static class LockedMigration extends MariaDbTestResource {

        static Connection holder;

        @Override
        public Map<String, String> start() {
            var server = MariaDbServer.get();
            var config = new java.util.HashMap<>(super.start()); // keeps the management port it chose
            server.execute("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
            try {
                holder = server.admin();
                holder.createStatement().execute("SELECT GET_LOCK('" + LOCK + "', 10)");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not take the migration's lock", e);
            }
            config.putAll(server.environment(DATABASE));
            return config;
        }

        static void release() throws SQLException {
            holder.createStatement().execute("SELECT RELEASE_LOCK('" + LOCK + "')");
        }

        @Override
        public void stop() {
            try {
                holder.close();
            } catch (SQLException e) {
                // the server is about to stop anyway
            }
            super.stop();
        }
    }

    public static class SlowMigration implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LockedMigration.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // Checks far apart, so readiness coming right after the migration cannot be a scheduled check's doing.
            return Map.of("quarkus.flyway.locations", "db/migration,db/slow-migration",
                    "myblog.database.check-interval", "120s", "myblog.database.stale-after", "600s");
        }
    }

    @Test
    void startupIsUpWhileTheMigrationRunsAndReadinessWaitsForIt() throws Exception {
        // Given a service whose migration is still running
        await("startup UP").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> Management.given().get("/q/health/started").statusCode() == 200);

        // Then it counts as started, but not as ready
        Management.given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'database' }.data.reachable", equalTo(true))
                .body("checks.find { it.name == 'database' }.data.reason", containsString("migration running"));
        Management.given().get("/q/health/live").then().statusCode(200);

        // When the migration ends, readiness follows at once, not a check interval later
        LockedMigration.release();
        await("ready after the migration").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> Management.given().get("/q/health/ready").statusCode() == 200);
        given().get("/api/articles").then().statusCode(200);
    }
}
