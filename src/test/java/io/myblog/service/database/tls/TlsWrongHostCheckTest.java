package io.myblog.service.database.tls;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** verify-identity by an address the server's certificate does not name: the check connection refuses it. */
@QuarkusTest
@TestProfile(TlsProfiles.WrongHost.class)
class TlsWrongHostCheckTest {

    @Test
    void checkConnectionRefusesACertificateForAnotherHost() {
        TlsRefusals.checkRefused();
    }
}
