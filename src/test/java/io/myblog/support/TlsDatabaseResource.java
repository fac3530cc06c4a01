package io.myblog.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A MariaDB that speaks TLS with a certificate for {@value #CERTIFIED_HOST} only (no IP address), signed by a CA the
 * test made; its account may connect only over TLS. Args: {@code mode} (MYSQL_SSL_MODE), {@code ca} ({@code right},
 * {@code wrong}: another CA, {@code none}), {@code host} (MYSQL_HOST). Every service starts on an unmigrated schema.
 */
public class TlsDatabaseResource implements QuarkusTestResourceLifecycleManager {

    public static final String CERTIFIED_HOST = "localhost";
    /** The same server, by an address its certificate does not name. */
    public static final String UNCERTIFIED_HOST = "127.0.0.1";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Certificates certificates;
    private static MariaDbServer server;

    private record Certificates(Path right, Path wrong, TestCertificates.ServerCertificate serverCertificate) {
    }

    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        args = initArgs;
    }

    @Override
    public Map<String, String> start() {
        var tlsServer = server();
        var database = "myblog_tls_" + DATABASES.incrementAndGet();
        tlsServer.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
        var config = new HashMap<>(tlsServer.environment(database));
        config.put("MYSQL_HOST", args.getOrDefault("host", CERTIFIED_HOST));
        config.put("MYSQL_SSL_MODE", args.getOrDefault("mode", "verify-identity"));
        switch (args.getOrDefault("ca", "right")) {
            case "right" -> config.put("MYSQL_SSL_CA_FILE", certificates.right().toString());
            case "wrong" -> config.put("MYSQL_SSL_CA_FILE", certificates.wrong().toString());
            case "none" -> config.put("MYSQL_SSL_CA_FILE", certificates.right().resolveSibling("absent.pem").toString());
            default -> throw new IllegalArgumentException("ca is right, wrong or none");
        }
        Management.choosePort(config);
        return config;
    }

    /** Each Quarkus instance loads this class anew, so each gets its own server; stop it with the instance. */
    @Override
    public void stop() {
        synchronized (TlsDatabaseResource.class) {
            if (server != null) {
                server.stop();
                server = null;
            }
        }
        Management.forgetPort();
    }

    /** Its port, for a test that builds a URL of its own to the same server. */
    public static int port() {
        return server().port();
    }

    private static synchronized MariaDbServer server() {
        if (server == null) {
            try {
                var directory = Files.createDirectories(Path.of("target", "tls-certificates").toAbsolutePath());
                var authority = TestCertificates.authority("myblog test database CA");
                var right = authority.writeCertificate(directory.resolve("ca.pem"));
                var wrong = TestCertificates.authority("some other CA").writeCertificate(directory.resolve("other-ca.pem"));
                var serverCertificate = authority.issueServer(directory.resolve("server"), CERTIFIED_HOST);
                certificates = new Certificates(right, wrong, serverCertificate);
                server = MariaDbServer.embeddedWithTls(right, serverCertificate.certificate(), serverCertificate.key());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return server;
    }
}
