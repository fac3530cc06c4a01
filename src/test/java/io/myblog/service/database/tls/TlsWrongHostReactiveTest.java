package io.myblog.service.database.tls;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** verify-identity by an address the certificate does not name: the reactive client refuses it. */
@QuarkusTest
@TestProfile(TlsProfiles.WrongHostForReactive.class)
class TlsWrongHostReactiveTest {

    @Test
    void reactiveClientRefusesACertificateForAnotherHost() {
        TlsRefusals.reactiveRefused();
    }
}
