package io.myblog.service.database.tls;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.myblog.support.MariaDbServer;

/** How the service shows a TLS connection it refused, per connection kind. */
final class TlsRefusals {

    private TlsRefusals() {
    }

    /** The check's connection: readiness DOWN, the database unreachable, the reason naming TLS. */
    static void checkRefused() {
        var down = Readiness.awaitUntil("readiness names the refused TLS connection",
                r -> r.reason() != null && r.reason().contains("TLS"));

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.reachable()).isFalse();
        assertThat(down.migrated()).isFalse();
        assertThat(down.body()).doesNotContain(MariaDbServer.PASSWORD);
    }

    /** Flyway's connection: the check answers, the migration does not run, readiness DOWN with the reason. */
    static void flywayRefused() {
        var down = Readiness.awaitUntil("readiness names the migration's refused TLS connection",
                r -> r.reason() != null && r.reason().contains("TLS"));

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.reachable()).as("the check's own connection answered").isTrue();
        assertThat(down.migrated()).isFalse();
        assertThat(down.body()).doesNotContain(MariaDbServer.PASSWORD);
    }

    /** The reactive client's connection: the service is ready, yet a read is the database's 503. */
    static void reactiveRefused() {
        var ready = Readiness.awaitUntil("readiness UP", r -> r.status() == 200);
        assertThat(ready.migrated()).isTrue();

        given().get("/api/articles").then().statusCode(503)
                .body(not(containsString(MariaDbServer.PASSWORD)));
    }
}
