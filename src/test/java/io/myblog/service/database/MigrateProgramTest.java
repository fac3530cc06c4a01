package io.myblog.service.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.support.MariaDbServer;
import io.smallrye.config.PropertiesConfigSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code myblog migrate} against a real MariaDB: fresh database to the newest version, then a no-op, or a failure. */
class MigrateProgramTest {

    private static final String DATABASE = "myblog_migrate_program";
    /** The test migration in src/test/resources/db/broken-migration fails. */
    private static final String WITH_BROKEN = "db/migration,db/broken-migration";

    private record Run(int exitCode, String out, String err) {
    }

    private final MariaDbServer server = MariaDbServer.get();

    @AfterAll
    static void stopDatabase() {
        MariaDbServer.shutdown();
    }

    @BeforeEach
    void freshDatabase() {
        server.execute("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
    }

    @Test
    void migratesAFreshDatabaseToTheNewestPackagedVersion() throws Exception {
        var run = migrate(Map.of());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(appliedVersion()).isEqualTo(newestPackagedVersion());
        assertThat(run.out()).contains("schema now at version " + newestPackagedVersion());
    }

    @Test
    void aSecondRunAppliesNothing() throws Exception {
        assertThat(migrate(Map.of()).exitCode()).isZero();
        int rows = historyRows();

        var run = migrate(Map.of());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("is up to date, schema version " + newestPackagedVersion());
        assertThat(historyRows()).isEqualTo(rows);
    }

    @Test
    void aFailingMigrationExitsNonZeroWithItsReasonAndNoSecret() throws Exception {
        var run = migrate(Map.of("quarkus.flyway.locations", WITH_BROKEN));

        assertThat(run.exitCode()).isEqualTo(MigrateProgram.FAILED);
        assertThat(run.err()).contains("schema migration failed", "V9998__broken_for_the_test.sql", "no_such_table_here");
        assertThat(run.out() + run.err()).doesNotContain(MariaDbServer.PASSWORD);
        assertThat(appliedVersion()).isEqualTo(newestPackagedVersion());
    }

    @Test
    void refusedCredentialsAreNamedWithoutThePassword() {
        var run = migrate(Map.of("MYSQL_PASSWD", MariaDbServer.PASSWORD + "-wrong"));

        assertThat(run.exitCode()).isEqualTo(MigrateProgram.FAILED);
        assertThat(run.err()).contains("refused the credentials in MYSQL_USER/MYSQL_PASSWD");
        assertThat(run.out() + run.err()).doesNotContain(MariaDbServer.PASSWORD);
    }

    @Test
    void withoutMysqlHostItSaysSoAndTouchesNothing() {
        var run = migrate(Map.of("MYSQL_HOST", ""));

        assertThat(run.exitCode()).isEqualTo(RequiredSettingsCheck.EXIT_CONFIG_MISSING);
        assertThat(run.err()).contains("MYSQL_HOST is not set");
    }

    @Test
    void aVerifyingTlsModeWithoutItsCaIsRefusedAsTheServiceRefusesIt() {
        var run = migrate(Map.of("MYSQL_SSL_MODE", "verify-identity", "MYSQL_SSL_CA_FILE", "/nonexistent/ca.pem"));

        assertThat(run.exitCode()).isEqualTo(RequiredSettingsCheck.EXIT_CONFIG_MISSING);
        assertThat(run.err()).contains("MYSQL_SSL_CA");
    }

    /** The program as the Job runs it, with the env the ConfigMap and Secret give the pod (plus {@code more}). */
    private Run migrate(Map<String, String> more) {
        var env = new HashMap<>(server.environment(DATABASE));
        env.putAll(more);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = MigrateProgram.run(MigrateProgram.configuration(new PropertiesConfigSource(env, "test-env", 500)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The highest V<n>__ script in src/main/resources/db/migration, which Flyway reads from the class path. */
    private static String newestPackagedVersion() throws IOException {
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return String.valueOf(files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow());
        }
    }

    private String appliedVersion() throws SQLException {
        return query("SELECT version FROM " + DATABASE + ".flyway_schema_history WHERE success = 1 AND version IS NOT NULL "
                + "ORDER BY installed_rank DESC LIMIT 1");
    }

    private int historyRows() throws SQLException {
        return Integer.parseInt(query("SELECT COUNT(*) FROM " + DATABASE + ".flyway_schema_history"));
    }

    private String query(String sql) throws SQLException {
        try (var connection = server.admin(); var statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
