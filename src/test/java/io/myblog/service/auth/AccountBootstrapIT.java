package io.myblog.service.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.PackagedService;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as it ships (prod profile, no MYBLOG_TRUSTED_PROXIES): what an operator's restart and an attacker's
 * forged headers do to accounts (issue 24).
 */
class AccountBootstrapIT {

    private static final String DATABASE = "myblog_bootstrap";
    private static final String BOOTSTRAP_PASSWORD = "Bootstrap-Admin-Pw-61c0";
    private static final String ROTATED_PASSWORD = "Rotated-Admin-Pw-0d93";

    /** A service on an empty database of its own, as the first start of a new installation. */
    private static Map<String, String> freshInstallation(String database) {
        var server = MariaDbServer.get();
        server.execute("DROP DATABASE IF EXISTS " + database, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
        var environment = new HashMap<>(server.environment(database));
        environment.put("MYBLOG_ADMIN_PASSWORD", BOOTSTRAP_PASSWORD);
        environment.put("MYBLOG_TOKEN_KEY", "bootstrap-test-signing-key-of-at-least-32-bytes");
        return environment;
    }

    @AfterAll
    static void stop() {
        MariaDbServer.shutdown();
    }

    @Test
    void aRestartKeepsARotatedPasswordAndADeletedAdminStaysDeleted() throws Exception {
        // Given a first start that set up admin from MYBLOG_ADMIN_PASSWORD, which the operator then rotated
        var environment = freshInstallation(DATABASE);
        try (var service = ready(environment, "bootstrap-1")) {
            admin(service, BOOTSTRAP_PASSWORD).contentType(ContentType.JSON).body(Map.of("password", ROTATED_PASSWORD))
                    .put(service.url("/api/accounts/admin")).then().statusCode(200);
        }

        // When the service restarts with the same MYBLOG_ADMIN_PASSWORD, the rotation holds
        try (var service = ready(environment, "bootstrap-2")) {
            admin(service, BOOTSTRAP_PASSWORD).get(service.url("/api/accounts")).then().statusCode(401);
            admin(service, ROTATED_PASSWORD).get(service.url("/api/accounts")).then().statusCode(200);

            // And an admin who replaced account admin with another one deletes it for good
            admin(service, ROTATED_PASSWORD).contentType(ContentType.JSON)
                    .body(Map.of("name", "ops", "password", ROTATED_PASSWORD, "roles", List.of("admin")))
                    .post(service.url("/api/accounts")).then().statusCode(201);
            given().auth().preemptive().basic("ops", ROTATED_PASSWORD).delete(service.url("/api/accounts/admin"))
                    .then().statusCode(204);
        }
        try (var service = ready(environment, "bootstrap-3")) {
            given().auth().preemptive().basic("ops", ROTATED_PASSWORD).get(service.url("/api/accounts")).then()
                    .statusCode(200).body("name", org.hamcrest.Matchers.equalTo(List.of("ops")));
            admin(service, BOOTSTRAP_PASSWORD).get(service.url("/api/accounts")).then().statusCode(401);
            assertThat(service.log()).doesNotContain(BOOTSTRAP_PASSWORD).doesNotContain(ROTATED_PASSWORD);
        }
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        try (var service = ready(freshInstallation(DATABASE + "_forwarded"), "forwarded")) {
            // A forged X-Forwarded-Host does not reach the Location of a created article
            var location = admin(service, BOOTSTRAP_PASSWORD).header("X-Forwarded-Host", "evil.example")
                    .header("X-Forwarded-Proto", "https").contentType(ContentType.JSON)
                    .body(Articles.article("Forwarded", "Body")).post(service.url("/api/articles"))
                    .then().statusCode(201).extract().header("Location");
            assertThat(location).startsWith(service.url("/api/articles/")).doesNotContain("evil.example");

            // And a new forged X-Forwarded-For (and a new name) per guess does not give an attacker a fresh address:
            // the guesses from this one peer soon wait
            int guesses = 0;
            var status = 401;
            while (status == 401 && guesses < 30) {
                status = given().auth().preemptive().basic("nobody-" + guesses, "Wrong-guess-000000")
                        .header("X-Forwarded-For", "203.0.113." + guesses).contentType(ContentType.JSON)
                        .body(Articles.article("Guess", "Body")).post(service.url("/api/articles")).statusCode();
                guesses++;
            }
            assertThat(status).as("answer after %d guesses from one peer", guesses).isEqualTo(429);
        }
    }

    private static PackagedService ready(Map<String, String> environment, String name) throws Exception {
        var service = PackagedService.start(environment, name);
        await(name + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> service.managementStatus("/q/health/ready") == 200);
        return service;
    }

    private static io.restassured.specification.RequestSpecification admin(PackagedService service, String password) {
        return given().auth().preemptive().basic("admin", password);
    }
}
