package io.myblog.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's database (bench/run.sh): the tests' embedded MariaDB, started by the same code, kept running until
 * this process is stopped. Not a test; nothing in the test run calls it.
 *
 * <p>Usage: {@code BenchmarkDatabase <env-file> <seeded-file> <articles>}. Writes the MYSQL_* variables the service
 * needs to {@code env-file} (owner-only), waits for the service's Flyway migration to create the table, seeds
 * {@code articles} articles of about 1 KB, then writes {@code SEED_MIN_ID}/{@code SEED_MAX_ID} to {@code seeded-file}.
 */
public final class BenchmarkDatabase {

    private static final Duration SCHEMA_WITHIN = Duration.ofMinutes(3);
    private static final int BATCH = 100;

    private BenchmarkDatabase() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BenchmarkDatabase <env-file> <seeded-file> <articles>");
            System.exit(2);
        }
        var envFile = Path.of(args[0]);
        var seededFile = Path.of(args[1]);
        int articles = Integer.parseInt(args[2]);

        var server = MariaDbServer.get();
        Runtime.getRuntime().addShutdownHook(new Thread(MariaDbServer::shutdown, "stop-mariadb"));
        writeEnvironment(server, envFile);

        awaitSchema(server);
        var ids = seed(server, articles);
        Files.writeString(seededFile, "SEED_MIN_ID=" + ids[0] + "\nSEED_MAX_ID=" + ids[1] + "\n");
        System.out.println("benchmark database: seeded " + articles + " articles, ids " + ids[0] + ".." + ids[1]);

        new CountDownLatch(1).await(); // runs until SIGTERM; the shutdown hook stops MariaDB
    }

    private static void writeEnvironment(MariaDbServer server, Path envFile) throws Exception {
        var lines = new StringBuilder();
        server.environment(MariaDbServer.DATABASE).forEach((name, value) ->
                lines.append("export ").append(name).append("='").append(value).append("'\n"));
        var temp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, lines);
        Files.move(temp, envFile, StandardCopyOption.ATOMIC_MOVE); // the script polls for the file
    }

    /** Flyway, run by the service, owns the schema: seeding waits for its table instead of creating one. */
    private static void awaitSchema(MariaDbServer server) throws Exception {
        var deadline = Instant.now().plus(SCHEMA_WITHIN);
        while (true) {
            try (var connection = server.admin(); var statement = connection.createStatement();
                    var result = statement.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                            + "WHERE table_schema = '" + MariaDbServer.DATABASE + "' AND table_name = 'article'")) {
                result.next();
                if (result.getInt(1) == 1) {
                    return;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The service did not create the article table within " + SCHEMA_WITHIN);
            }
            Thread.sleep(200);
        }
    }

    /** About 1.1 KB of text per article, so a GET by id answers about 1.3 KB of JSON; dates spread one minute apart. */
    private static long[] seed(MariaDbServer server, int count) throws SQLException {
        var start = Instant.parse("2024-01-01T00:00:00Z");
        try (var connection = server.admin()) {
            connection.setAutoCommit(false);
            try (var insert = connection.prepareStatement("INSERT INTO " + MariaDbServer.DATABASE + ".article "
                    + "(title, content, author, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 0)")) {
                for (int i = 1; i <= count; i++) {
                    // DATETIME holds UTC, as Hibernate writes it (quarkus.hibernate-orm.jdbc.timezone=UTC).
                    var at = LocalDateTime.ofInstant(start.plus(i, ChronoUnit.MINUTES), ZoneOffset.UTC);
                    insert.setString(1, "Benchmark article number " + i);
                    insert.setString(2, content(i));
                    insert.setString(3, "author" + (i % 37));
                    insert.setObject(4, at);
                    insert.setObject(5, at);
                    insert.addBatch();
                    if (i % BATCH == 0 || i == count) {
                        insert.executeBatch();
                    }
                }
            }
            connection.commit();
            try (var statement = connection.createStatement();
                    var result = statement.executeQuery("SELECT MIN(id), MAX(id) FROM " + MariaDbServer.DATABASE + ".article")) {
                result.next();
                return new long[] {result.getLong(1), result.getLong(2)};
            }
        }
    }

    static String content(int n) {
        var text = new StringBuilder(1024);
        var words = new String[] {"kubernetes", "quarkus", "probe", "replica", "service", "article", "course",
            "deployment", "rollout", "database"};
        int i = n;
        while (text.length() < 1100) {
            text.append(words[Math.floorMod(i, words.length)]).append(' ');
            i = i * 7 + 3;
        }
        return text.toString().strip();
    }
}
