package io.myblog.service.database.tls;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** verify-identity by an address the certificate does not name: Flyway's connection refuses it. */
@QuarkusTest
@TestProfile(TlsProfiles.WrongHostForFlyway.class)
class TlsWrongHostFlywayTest {

    @Test
    void flywayRefusesACertificateForAnotherHost() {
        TlsRefusals.flywayRefused();
    }
}
