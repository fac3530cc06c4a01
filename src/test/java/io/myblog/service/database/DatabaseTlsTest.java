package io.myblog.service.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.support.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MYSQL_SSL_MODE and MYSQL_SSL_CA read once, and spelled for each client. */
class DatabaseTlsTest {

    @TempDir
    Path dir;

    @Test
    void aVerifyingModeWithoutTheCaIsRefusedNamingTheSecretKey() {
        var parsed = DatabaseTls.parse("verify-ca", Optional.of(dir.resolve("absent.pem")));

        assertThat(parsed).isInstanceOfSatisfying(DatabaseTls.Refused.class, refused -> assertThat(refused.problem())
                .contains("MYSQL_SSL_MODE=verify-ca", "key MYSQL_SSL_CA of Secret myblog is missing"));
    }

    @Test
    void anUnknownModeIsRefusedWithTheChoices() {
        var parsed = DatabaseTls.parse("verify-full", Optional.empty());

        assertThat(parsed).isInstanceOfSatisfying(DatabaseTls.Refused.class, refused -> assertThat(refused.problem())
                .contains("\"verify-full\"", "disabled, preferred, required, verify-ca, verify-identity"));
    }

    @Test
    void aCaFileThatHoldsNoCertificateIsRefused() throws Exception {
        var notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");

        assertThat(DatabaseTls.parse("verify-identity", Optional.of(notPem))).isInstanceOf(DatabaseTls.Refused.class);
    }

    @Test
    void modesThatDoNotVerifyNeedNoCa() {
        for (var mode : new String[] {"disabled", "preferred", "required"}) {
            assertThat(DatabaseTls.parse(mode, Optional.empty())).as(mode).isInstanceOf(DatabaseTls.Valid.class);
        }
    }

    @Test
    void verifyIdentityChecksTheHostOnEveryClientAndTrustsOnlyTheCa() {
        var ca = TestCertificates.authority("unit test CA").writeCertificate(dir.resolve("ca.pem"));
        var tls = ((DatabaseTls.Valid) DatabaseTls.parse("verify-identity", Optional.of(ca))).tls();

        var properties = tls.clientProperties(dir.resolve("work"));

        assertThat(properties).containsEntry("quarkus.datasource.reactive.mysql.ssl-mode", "verify-identity")
                .containsEntry("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS")
                .containsEntry("quarkus.datasource.reactive.trust-all", "false")
                .containsEntry("quarkus.datasource.reactive.trust-certificate-pem.certs", ca.toString());
        assertThat(properties.get(DatabaseTls.JDBC_PARAMETERS)).startsWith("sslMode=VERIFY_IDENTITY&")
                .contains("trustCertificateKeyStoreUrl=file:", "fallbackToSystemTrustStore=false");
    }

    @Test
    void verifyCaChecksTheCaButNoHostName() {
        var ca = TestCertificates.authority("unit test CA").writeCertificate(dir.resolve("ca.pem"));
        var tls = ((DatabaseTls.Valid) DatabaseTls.parse("verify-ca", Optional.of(ca))).tls();

        var properties = tls.clientProperties(dir.resolve("work"));

        assertThat(properties).containsEntry("quarkus.datasource.reactive.hostname-verification-algorithm", "NONE")
                .containsEntry("quarkus.datasource.reactive.trust-all", "false");
        assertThat(properties.get(DatabaseTls.JDBC_PARAMETERS)).startsWith("sslMode=VERIFY_CA&");
    }

    @Test
    void theReadReplicasPoolConnectsUnderTheSameOptions() {
        var ca = TestCertificates.authority("unit test CA").writeCertificate(dir.resolve("ca.pem"));
        var tls = ((DatabaseTls.Valid) DatabaseTls.parse("verify-identity", Optional.of(ca))).tls();

        for (var properties : java.util.List.of(tls.clientProperties(dir.resolve("work")), DatabaseTls.refusingProperties())) {
            properties.forEach((key, value) -> {
                if (key.startsWith("quarkus.datasource.reactive.")) {
                    assertThat(properties).as(key).containsEntry(
                            key.replace("quarkus.datasource.reactive.", "quarkus.datasource.read.reactive."), value);
                }
            });
        }
    }
}
