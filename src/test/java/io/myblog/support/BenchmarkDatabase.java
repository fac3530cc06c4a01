package io.myblog.support;

import io.myblog.service.blog.TitleTerms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
 * With {@code BENCH_REPLICA=1} in its environment it starts a primary and a read replica ({@link ReplicatedMariaDb})
 * instead, seeds the primary, waits until the replica has every row, and adds MYSQL_READ_HOST/PORT to
 * {@code env-file.replica}.
 */
public final class BenchmarkDatabase {

    private static final Duration SCHEMA_WITHIN = Duration.ofMinutes(3);

    private BenchmarkDatabase() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: BenchmarkDatabase <env-file> <seeded-file> <articles> [content-characters]");
            System.exit(2);
        }
        var envFile = Path.of(args[0]);
        var seededFile = Path.of(args[1]);
        int articles = Integer.parseInt(args[2]);
        int contentChars = args.length == 4 ? Integer.parseInt(args[3]) : 1100;

        Connections primary;
        Connections replica = null;
        if ("1".equals(System.getenv("BENCH_REPLICA"))) {
            var servers = ReplicatedMariaDb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(servers::stop, "stop-mariadb"));
            var environment = new java.util.TreeMap<>(servers.environment());
            var read = new java.util.TreeMap<String, String>();
            read.put("MYSQL_READ_HOST", environment.remove("MYSQL_READ_HOST"));
            read.put("MYSQL_READ_PORT", environment.remove("MYSQL_READ_PORT"));
            writeEnvironment(read, envFile.resolveSibling(envFile.getFileName() + ".replica"));
            writeEnvironment(environment, envFile);
            primary = options -> servers.primary().admin(options);
            replica = options -> servers.replica().admin(options);
        } else {
            var server = MariaDbServer.get();
            Runtime.getRuntime().addShutdownHook(new Thread(MariaDbServer::shutdown, "stop-mariadb"));
            writeEnvironment(server.environment(MariaDbServer.DATABASE), envFile);
            primary = server::admin;
        }

        awaitSchema(primary);
        long started = System.nanoTime();
        var seeded = seed(primary, articles, contentChars);
        if (replica != null) {
            awaitRows(replica, seeded.maxId());
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        Files.writeString(seededFile, "SEED_MIN_ID=" + seeded.minId() + "\nSEED_MAX_ID=" + seeded.maxId()
                + "\nSEED_MIDDLE_ID=" + seeded.middleId() + "\nSEED_MIDDLE_CREATED_AT=" + seeded.middleCreatedAt()
                + "\nSEED_SECONDS=" + seconds + "\n");
        System.out.println("benchmark database: seeded " + articles + " articles in " + seconds + " s, ids "
                + seeded.minId() + ".." + seeded.maxId());

        new CountDownLatch(1).await(); // runs until SIGTERM; the shutdown hook stops MariaDB
    }

    /** An admin connection with driver options ({@code name=value&...}) to one of the benchmark's servers. */
    private interface Connections {
        java.sql.Connection open(String options) throws java.sql.SQLException;
    }

    private static void writeEnvironment(java.util.Map<String, String> environment, Path envFile) throws Exception {
        var lines = new StringBuilder();
        environment.forEach((name, value) ->
                lines.append("export ").append(name).append("='").append(value).append("'\n"));
        var temp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, lines);
        Files.move(temp, envFile, StandardCopyOption.ATOMIC_MOVE); // the script polls for the file
    }

    /**
     * Flyway, run by the service, owns the schema: seeding waits for its last migration (the title index, which
     * would otherwise re-index rows under the seeder's feet) instead of creating tables.
     */
    private static void awaitSchema(Connections server) throws Exception {
        var deadline = Instant.now().plus(SCHEMA_WITHIN);
        while (true) {
            try (var connection = server.open("connectTimeout=2000"); var statement = connection.createStatement();
                    var result = statement.executeQuery("SELECT COUNT(*) FROM " + MariaDbServer.DATABASE
                            + ".flyway_schema_history WHERE script LIKE '%R__Index_article_titles' AND success = 1")) {
                result.next();
                if (result.getInt(1) >= 1) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // the history table does not exist yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The service did not migrate the schema within " + SCHEMA_WITHIN);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Seeds {@code count} articles through LOAD DATA (a million in about a minute, where row-by-row inserts take an
     * hour): titles mix a number, one of {@link #WORDS} and one of {@link #CHINESE}, so a search for one of them
     * matches one article in 50 at any table size; dates one minute apart. The title index rows come from the
     * service's own {@link TitleTerms}, as its writes would make them.
     */
    /** The replica has replayed the seed when it holds the last seeded id. */
    private static void awaitRows(Connections replica, long maxId) throws Exception {
        var deadline = Instant.now().plus(SCHEMA_WITHIN);
        while (true) {
            try (var connection = replica.open("connectTimeout=2000"); var statement = connection.createStatement();
                    var result = statement.executeQuery("SELECT COUNT(*) FROM " + MariaDbServer.DATABASE
                            + ".article WHERE id = " + maxId)) {
                result.next();
                if (result.getInt(1) == 1) {
                    return;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The replica did not replay the seed within " + SCHEMA_WITHIN);
            }
            Thread.sleep(200);
        }
    }

    private static Seeded seed(Connections server, int count, int contentChars) throws Exception {
        var start = Instant.parse("2023-01-01T00:00:00Z");
        var articles = Files.createTempFile("bench-articles", ".tsv");
        var terms = Files.createTempFile("bench-terms", ".tsv");
        long firstId;
        try (var connection = server.open("allowLoadLocalInfile=true"); var statement = connection.createStatement()) {
            try (var result = statement.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + MariaDbServer.DATABASE + ".article")) {
                result.next();
                firstId = result.getLong(1);
            }
            try (var a = Files.newBufferedWriter(articles); var t = Files.newBufferedWriter(terms)) {
                for (int i = 1; i <= count; i++) {
                    long id = firstId + i - 1;
                    // DATETIME holds UTC, as Hibernate writes it (quarkus.hibernate-orm.jdbc.timezone=UTC).
                    var at = LocalDateTime.ofInstant(start.plus(i, ChronoUnit.MINUTES), ZoneOffset.UTC).toString().replace('T', ' ');
                    var title = WORDS[i % WORDS.length] + " " + i + " " + CHINESE[(i / 7) % CHINESE.length];
                    var content = content(i, contentChars);
                    a.append(Long.toString(id)).append('\t').append(title).append('\t').append(content).append('\t')
                            .append(content, 0, Math.min(200, content.length())).append('\t').append("author" + (i % 37))
                            .append('\t').append(at).append('\t').append(at).append("\t0\n");
                    for (var term : TitleTerms.ofTitle(title)) {
                        t.append(Long.toString(id)).append('\t').append(term).append('\t').append(at).append('\n');
                    }
                }
            }
            statement.execute("SET foreign_key_checks = 0, unique_checks = 0");
            statement.execute("LOAD DATA LOCAL INFILE '" + articles + "' INTO TABLE " + MariaDbServer.DATABASE
                    + ".article CHARACTER SET utf8mb4 (id, title, content, excerpt, author, created_at, updated_at, version)");
            statement.execute("LOAD DATA LOCAL INFILE '" + terms + "' INTO TABLE " + MariaDbServer.DATABASE
                    + ".article_term CHARACTER SET utf8mb4 (article_id, term, created_at)");
            statement.execute("ANALYZE TABLE " + MariaDbServer.DATABASE + ".article, " + MariaDbServer.DATABASE + ".article_term");
        } finally {
            Files.deleteIfExists(articles);
            Files.deleteIfExists(terms);
        }
        long middle = firstId + count / 2;
        return new Seeded(firstId, firstId + count - 1, middle,
                start.plus(count / 2 + 1, ChronoUnit.MINUTES).getEpochSecond());
    }

    /** What the script needs of the seeded table: the id range, and the article in the middle for a deep cursor. */
    private record Seeded(long minId, long maxId, long middleId, long middleCreatedAt) {
    }

    /** One in 50 titles holds each word: the benchmark searches for "rollout" and "容器". */
    static final String[] WORDS = {"kubernetes", "quarkus", "probe", "replica", "service", "article", "course",
        "deployment", "rollout", "database", "cluster", "ingress", "secret", "configmap", "volume", "node", "pod",
        "container", "image", "registry", "helm", "operator", "lease", "event", "metric", "tracing", "logging",
        "latency", "throughput", "memory", "startup", "native", "graal", "jvm", "flyway", "schema", "index", "cursor",
        "search", "paging", "cache", "nginx", "proxy", "tls", "certificate", "readiness", "liveness", "shutdown",
        "scaling", "upgrade"};
    static final String[] CHINESE = {"容器", "集群", "服务", "网络", "存储", "调度", "部署", "监控", "日志", "配置",
        "镜像", "节点", "证书", "密钥", "负载", "均衡", "扩展", "收缩", "滚动", "更新", "回滚", "探针", "健康", "就绪",
        "存活", "数据", "迁移", "备份", "恢复", "索引", "查询", "缓存", "队列", "消息", "事件", "告警", "指标", "追踪",
        "认证", "授权", "角色", "权限", "命名", "空间", "标签", "注解", "策略", "资源", "限额", "配额"};

    static String content(int n, int chars) {
        var text = new StringBuilder(chars + 16);
        var words = new String[] {"kubernetes", "quarkus", "probe", "replica", "service", "article", "course",
            "deployment", "rollout", "database"};
        int i = n;
        while (text.length() < chars) {
            text.append(words[Math.floorMod(i, words.length)]).append(' ');
            i = i * 7 + 3;
        }
        return text.toString().strip();
    }
}
