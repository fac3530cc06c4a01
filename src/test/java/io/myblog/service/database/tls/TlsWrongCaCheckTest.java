package io.myblog.service.database.tls;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** verify-identity with a CA that did not sign the server's certificate: the check connection refuses it. */
@QuarkusTest
@TestProfile(TlsProfiles.WrongCa.class)
class TlsWrongCaCheckTest {

    @Test
    void checkConnectionRefusesAServerSignedByAnotherCa() {
        TlsRefusals.checkRefused();
    }
}
