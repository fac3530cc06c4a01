package io.myblog.service.database.tls;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** verify-identity with another CA: Flyway's connection refuses it (the check is given an unverified connection, so the monitor gets as far as migrating). */
@QuarkusTest
@TestProfile(TlsProfiles.WrongCaForFlyway.class)
class TlsWrongCaFlywayTest {

    @Test
    void flywayRefusesAServerSignedByAnotherCa() {
        TlsRefusals.flywayRefused();
    }
}
