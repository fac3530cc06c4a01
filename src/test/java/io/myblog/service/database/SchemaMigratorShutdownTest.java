package io.myblog.service.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.myblog.support.MariaDbServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** SIGTERM while a migration runs: the shutdown waits for it, within its grace, instead of cutting it off. */
class SchemaMigratorShutdownTest {

    private static final String DATABASE = "myblog_migration_shutdown";
    /** The test migration in src/test/resources/db/slow-migration waits for this lock. */
    private static final String LOCK = "myblog_slow_migration";
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final Duration WHILE_RUNNING = Duration.ofSeconds(2);

    @AfterAll
    static void stopDatabase() {
        MariaDbServer.shutdown();
    }

    @Test
    void shutdownLetsARunningMigrationFinish() throws Exception {
        var server = MariaDbServer.get();
        server.execute("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        var migrator = new SchemaMigrator(flyway(server), new SecretRedactor(Optional.of(MariaDbServer.PASSWORD)));
        try (Connection holder = server.admin()) {
            // Given a migration that is running (it waits for a lock the test holds)
            holder.createStatement().execute("SELECT GET_LOCK('" + LOCK + "', 10)");
            migrator.startIfNeeded(DATABASE, () -> { });
            await("migration running").atMost(Duration.ofSeconds(20)).until(() -> lockWaiters(holder) == 1);

            // When the service shuts down
            var shutdown = CompletableFuture.runAsync(() -> migrator.finish(GRACE));

            // Then the shutdown waits while the migration runs, and ends once it has finished
            await("shutdown waiting").during(WHILE_RUNNING).atMost(WHILE_RUNNING.plusSeconds(1)).until(() -> !shutdown.isDone());
            holder.createStatement().execute("SELECT RELEASE_LOCK('" + LOCK + "')");
            shutdown.get();
            assertThat(migrator.status().migrated()).isTrue();
        }
    }

    private static Flyway flyway(MariaDbServer server) {
        var environment = server.environment(DATABASE);
        var url = "jdbc:mysql://" + environment.get("MYSQL_HOST") + ":" + environment.get("MYSQL_PORT") + "/" + DATABASE;
        return Flyway.configure()
                .dataSource(url, MariaDbServer.USER, MariaDbServer.PASSWORD)
                .locations("classpath:db/migration", "classpath:db/slow-migration")
                .load();
    }

    /** Sessions of the service waiting in the test migration (Flyway sends the script's comments along with it). */
    private static int lockWaiters(Connection admin) throws Exception {
        try (var statement = admin.createStatement();
                var result = statement.executeQuery("SELECT COUNT(*) FROM information_schema.processlist "
                        + "WHERE info LIKE '%GET_LOCK(''" + LOCK + "''%' AND user = '" + MariaDbServer.USER + "'")) {
            result.next();
            return result.getInt(1);
        }
    }
}
