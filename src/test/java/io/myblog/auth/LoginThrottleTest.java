package io.myblog.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.account.AuthSettings;
import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Brute force: past the allowed failed logins within the window, for one account name or one client address, logins
 * get 429 with Retry-After. Client addresses come from X-Forwarded-For, as the trusted proxy (here 127.0.0.1) sends it.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class LoginThrottleTest {

    private static final String WRONG = "Wrong-Password-for-throttle";

    @Inject
    AuthSettings settings;

    @BeforeEach
    void ready() {
        Articles.awaitReady();
    }

    @Test
    void theAttemptAfterTheLastAllowedFailureForOneNameGets429WithRetryAfter() {
        // Given the allowed failures for one name, each from another address
        for (int i = 0; i < settings.loginAttempts(); i++) {
            login("target-name", WRONG, "198.51.100." + i).then().statusCode(401);
        }

        // Then the next attempt for that name gets 429, from any address, even with nothing else wrong
        var retryAfter = login("target-name", WRONG, "198.51.100.200").then().statusCode(429)
                .contentType("application/problem+json").extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, settings.loginWindow().toSeconds());
        // And another name from a fresh address is unaffected
        login(Accounts.ADMIN, Accounts.adminPassword(), "198.51.100.201").then().statusCode(200);
    }

    @Test
    void theAttemptAfterTheLastAllowedFailureFromOneAddressGets429EvenWithTheRightPassword() {
        // Given the allowed failures from one address, each for another name
        for (int i = 0; i < settings.loginAttempts(); i++) {
            login("someone-" + i, WRONG, "203.0.113.9").then().statusCode(401);
        }

        // Then that address gets 429, even for the right password, while other addresses still sign in
        login(Accounts.ADMIN, Accounts.adminPassword(), "203.0.113.9").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        login(Accounts.ADMIN, Accounts.adminPassword(), "203.0.113.10").then().statusCode(200);
    }

    @Test
    void failuresBelowTheLimitAreNotThrottled() {
        for (int i = 0; i < settings.loginAttempts() - 1; i++) {
            login("below-limit", WRONG, "192.0.2.1").then().statusCode(401);
        }
        login("below-limit", WRONG, "192.0.2.1").then().statusCode(401);
    }

    private static io.restassured.response.Response login(String name, String password, String clientAddress) {
        return given().auth().preemptive().basic(name, password).header("X-Forwarded-For", clientAddress)
                .post("/api/session");
    }
}
