package io.myblog.service.database.tls;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** required encrypts and verifies nothing: another CA and a host name the certificate lacks still connect. */
@QuarkusTest
@TestProfile(TlsProfiles.RequiredWithWrongCaAndHost.class)
class TlsRequiredModeTest {

    @Test
    void requiredConnectsEveryKindWithoutVerifying() {
        var ready = Readiness.awaitUntil("readiness UP", r -> r.status() == 200);

        assertThat(ready.migrated()).isTrue();
        given().get("/api/articles").then().statusCode(200);
    }
}
