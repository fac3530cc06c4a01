package io.myblog.service.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.myblog.shared.TokenKeys;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.PackagedService;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * README's "Rotating the token key", step by step on the packaged jar: the restart that brings the new key keeps
 * every token of the old one working until the rotation's end, and a key too short, or a previous key without an end,
 * keeps the service from starting at all (issue 24).
 */
class TokenKeyRotationIT {

    private static final String DATABASE = "myblog_rotation";
    private static final String ADMIN_PASSWORD = "Rotation-Admin-Pw-5e2a";
    private static final String OLD_KEY = "the-token-key-before-the-rotation-of-32-bytes";
    private static final String NEW_KEY = "the-token-key-after-the-rotation-of-32-bytes";
    private static final Duration STARTS_WITHIN = Duration.ofSeconds(120);

    @AfterAll
    static void stop() {
        MariaDbServer.shutdown();
    }

    @Test
    void aRotationSignsNobodyOutUntilItsEndAndNobodyStaysSignedInAfter() throws Exception {
        // Given a token issued under the old key
        var environment = installation();
        environment.put(TokenKeys.KEY, OLD_KEY);
        String oldToken;
        try (var service = ready(environment, "rotation-1")) {
            oldToken = token(service);
        }

        // When the pods restart with the new key and the old one as the previous, until an hour on
        environment.put(TokenKeys.KEY, NEW_KEY);
        environment.put(TokenKeys.PREVIOUS, OLD_KEY);
        environment.put(TokenKeys.PREVIOUS_UNTIL, Instant.now().plus(Duration.ofHours(1)).toString());
        String newToken;
        try (var service = ready(environment, "rotation-2")) {
            // Then the old token still writes, and new tokens come from the new key
            write(service, oldToken).then().statusCode(201);
            newToken = token(service);
            write(service, newToken).then().statusCode(201);
        }

        // When the rotation has ended (or the previous key is removed), the old token is refused, the new one is not
        environment.put(TokenKeys.PREVIOUS_UNTIL, Instant.now().minusSeconds(1).toString());
        try (var service = ready(environment, "rotation-3")) {
            write(service, oldToken).then().statusCode(401);
            write(service, newToken).then().statusCode(201);
            assertThat(service.log()).doesNotContain(OLD_KEY).doesNotContain(NEW_KEY);
        }
    }

    @Test
    void aKeyTooShortKeepsTheServiceFromStartingAndTheLogNamesTheSettingNotTheValue() throws Exception {
        var environment = installation();
        var shortKey = "a-guessable-key-" + "x".repeat(8);
        environment.put(TokenKeys.KEY, shortKey);

        try (var service = PackagedService.start(environment, "short-key")) {
            await("the service exits").atMost(STARTS_WITHIN).until(() -> !service.process().isAlive());
            assertThat(service.process().exitValue()).isEqualTo(78);
            assertThat(service.log()).contains(TokenKeys.KEY + " is 24 bytes long", "at least 32").doesNotContain(shortKey);
        }
    }

    @Test
    void aPreviousKeyWithoutAnEndKeepsTheServiceFromStarting() throws Exception {
        var environment = installation();
        environment.put(TokenKeys.KEY, NEW_KEY);
        environment.put(TokenKeys.PREVIOUS, OLD_KEY);

        try (var service = PackagedService.start(environment, "previous-forever")) {
            await("the service exits").atMost(STARTS_WITHIN).until(() -> !service.process().isAlive());
            assertThat(service.process().exitValue()).isEqualTo(78);
            assertThat(service.log()).contains(TokenKeys.PREVIOUS_UNTIL).doesNotContain(OLD_KEY);
        }
    }

    private static Map<String, String> installation() {
        var server = MariaDbServer.get();
        server.execute("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        var environment = new HashMap<>(server.environment(DATABASE));
        environment.put("MYBLOG_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return environment;
    }

    private static PackagedService ready(Map<String, String> environment, String name) throws Exception {
        var service = PackagedService.start(environment, name);
        await(name + " ready").atMost(STARTS_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> service.managementStatus("/q/health/ready") == 200);
        return service;
    }

    private static String token(PackagedService service) {
        return given().auth().preemptive().basic("admin", ADMIN_PASSWORD).contentType(ContentType.JSON).post(service.url("/api/session"))
                .then().statusCode(200).extract().path("token");
    }

    private static io.restassured.response.Response write(PackagedService service, String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Articles.article("Written with a token", "Body")).post(service.url("/api/articles"));
    }
}
