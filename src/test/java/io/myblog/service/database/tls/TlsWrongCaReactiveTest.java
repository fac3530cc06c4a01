package io.myblog.service.database.tls;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** verify-identity with another CA: the reactive client refuses it (check and Flyway are given unverified connections, so the service is ready). */
@QuarkusTest
@TestProfile(TlsProfiles.WrongCaForReactive.class)
class TlsWrongCaReactiveTest {

    @Test
    void reactiveClientRefusesAServerSignedByAnotherCa() {
        TlsRefusals.reactiveRefused();
    }
}
