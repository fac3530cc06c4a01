package io.myblog.service.database;

import io.myblog.shared.MysqlSslMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * TLS to MySQL: one {@code MYSQL_SSL_MODE} and one CA (Secret key {@code MYSQL_SSL_CA}, mounted as a PEM file) turned
 * into the options of every client that connects: the reactive client ({@code quarkus.datasource.reactive.*}) and
 * MySQL Connector/J, which Flyway's and the check's JDBC URLs carry ({@value #JDBC_PARAMETERS}). The only place that
 * knows how each client spells a mode.
 */
public record DatabaseTls(MysqlSslMode mode, List<Certificate> ca, Optional<Path> caFile) {

    private static final String REACTIVE = "quarkus.datasource.reactive.";
    private static final String READ_REACTIVE = "quarkus.datasource.read.reactive.";

    /** The property both JDBC URLs of application.properties end with. */
    public static final String JDBC_PARAMETERS = "myblog.database.jdbc-tls";
    public static final String MODE_VARIABLE = MysqlSslMode.VARIABLE;
    public static final String CA_KEY = "MYSQL_SSL_CA";
    /** The truststore written for Connector/J holds only public certificates: its password guards nothing. */
    private static final String TRUSTSTORE_PASSWORD = "myblog-public-ca";

    /** The settings as given, or why the service must not start with them (one line, for the operator). */
    public sealed interface Parsed {
    }

    public record Valid(DatabaseTls tls) implements Parsed {
    }

    public record Refused(String problem) implements Parsed {
    }

    /** Reads {@code MYSQL_SSL_MODE} and the CA file; a CA is read only where the mode verifies with it. */
    public static Parsed parse(String modeValue, Optional<Path> caFile) {
        var mode = MysqlSslMode.of(modeValue);
        if (mode.isEmpty()) {
            return new Refused(MODE_VARIABLE + " is \"" + modeValue + "\": it takes one of " + MysqlSslMode.choices());
        }
        if (!mode.get().verifies()) {
            return new Valid(new DatabaseTls(mode.get(), List.of(), Optional.empty()));
        }
        var file = caFile.filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return new Refused(MODE_VARIABLE + "=" + mode.get().configName() + " needs the database's CA certificate: "
                    + "key " + CA_KEY + " of Secret myblog is missing (expected as a PEM file at "
                    + caFile.map(Path::toString).orElse("myblog.database.ssl-ca-file") + ")");
        }
        try (InputStream in = Files.newInputStream(file.get())) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                return new Refused(CA_KEY + " holds no PEM certificate");
            }
            return new Valid(new DatabaseTls(mode.get(), List.copyOf(certificates), file));
        } catch (CertificateException e) {
            return new Refused(CA_KEY + " is not a PEM certificate (" + e.getMessage() + ")");
        } catch (IOException e) {
            return new Refused(CA_KEY + " could not be read from " + file.get() + " (" + e.getMessage() + ")");
        }
    }

    /**
     * The clients' options for this mode. Connector/J reads only a keystore, never PEM, so the CA is also written as a
     * PKCS12 truststore into {@code workDir}.
     */
    public Map<String, String> clientProperties(Path workDir) {
        var properties = new TreeMap<String, String>();
        properties.put("quarkus.datasource.reactive.mysql.ssl-mode", mode.configName());
        // MySQL's preferred and required encrypt without checking the certificate; Vert.x checks it unless told not to.
        properties.put("quarkus.datasource.reactive.trust-all", Boolean.toString(!mode.verifies()));
        properties.put("quarkus.datasource.reactive.hostname-verification-algorithm",
                mode == MysqlSslMode.VERIFY_IDENTITY ? "HTTPS" : "NONE");
        var jdbc = new StringBuilder("sslMode=").append(mode.name());
        if (mode.verifies()) {
            properties.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
            properties.put("quarkus.datasource.reactive.trust-certificate-pem.certs", caFile.orElseThrow().toString());
            jdbc.append("&trustCertificateKeyStoreUrl=").append(writeTruststore(workDir).toUri())
                    .append("&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=")
                    .append(TRUSTSTORE_PASSWORD);
        }
        // Only MYSQL_SSL_CA is trusted, never the JDK's public CAs as well.
        jdbc.append("&fallbackToSystemTrustStore=false");
        properties.put(JDBC_PARAMETERS, jdbc.toString());
        return alsoForTheReadPool(properties);
    }

    /** The read replica's pool ({@code quarkus.datasource.read.reactive.*}) connects under the same options. */
    private static Map<String, String> alsoForTheReadPool(Map<String, String> properties) {
        var all = new TreeMap<>(properties);
        properties.forEach((key, value) -> {
            if (key.startsWith(REACTIVE)) {
                all.put(READ_REACTIVE + key.substring(REACTIVE.length()), value);
            }
        });
        return all;
    }

    /**
     * Options under which no client can connect (verification on, nothing trusted): what settings that were refused
     * give the clients, so no connection is made in the clear while the start-up check stops the service.
     */
    public static Map<String, String> refusingProperties() {
        return alsoForTheReadPool(Map.of("quarkus.datasource.reactive.mysql.ssl-mode",
                MysqlSslMode.VERIFY_IDENTITY.configName(),
                "quarkus.datasource.reactive.trust-all", "false",
                "quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS",
                JDBC_PARAMETERS, "sslMode=VERIFY_IDENTITY&fallbackToSystemTrustStore=false"));
    }

    private Path writeTruststore(Path workDir) {
        try {
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < ca.size(); i++) {
                store.setCertificateEntry("mysql-ca-" + i, ca.get(i));
            }
            Files.createDirectories(workDir);
            var file = Files.createTempFile(workDir, "mysql-ca-", ".p12");
            try (var out = Files.newOutputStream(file)) {
                store.store(out, TRUSTSTORE_PASSWORD.toCharArray());
            }
            file.toFile().deleteOnExit();
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK could not build a PKCS12 truststore", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the database CA truststore into " + workDir, e);
        }
    }
}
