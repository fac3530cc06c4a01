package io.myblog.service.database.tls;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * verify-identity with the right CA and the certified host name: the check, Flyway and the reactive client all connect,
 * each over TLS (the server refuses this account anything else).
 */
@QuarkusTest
@TestProfile(TlsProfiles.RightCaAndHost.class)
class TlsVerifiedConnectionsTest {

    @Test
    void everyConnectionKindConnectsWithTheRightCaAndHost() {
        // When the service starts: the check connects, then Flyway migrates the new database
        var ready = Readiness.awaitUntil("readiness UP", r -> r.status() == 200);

        // Then readiness is UP with the schema migrated, and a read goes through the reactive client
        assertThat(ready.reachable()).isTrue();
        assertThat(ready.migrated()).as("Flyway migrated over TLS").isTrue();
        given().get("/api/articles").then().statusCode(200);
    }
}
