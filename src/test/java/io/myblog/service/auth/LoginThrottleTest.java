package io.myblog.service.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.myblog.service.account.AuthSettings;
import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Brute force meets delays that grow with each failure, never a fixed lock (issue 24). Client addresses come from
 * X-Forwarded-For, as the trusted proxy (here 127.0.0.1) sends it, so each test plays attackers from many addresses.
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
    void delaysGrowWithEachFailureAndEndOnTheirOwn() {
        // Given the free failures for one author's name from one address
        Accounts.author("grows");
        for (int i = 0; i < settings.loginFreeFailures(); i++) {
            login("grows", WRONG, "198.51.100.7").then().statusCode(401);
        }

        // Then the next attempt waits the first delay, even with the right password
        long first = retryAfter(login("grows", Accounts.AUTHOR_PASSWORD, "198.51.100.7"));
        assertThat(first).isEqualTo(seconds(settings.loginFirstDelay()));
        // And the delay ends on its own: the right password works again
        await("delay over").atMost(settings.loginFirstDelay().plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> login("grows", Accounts.AUTHOR_PASSWORD, "198.51.100.7").statusCode() == 200);

        // When one more guess fails, the wait is twice as long
        login("grows", WRONG, "198.51.100.7").then().statusCode(401);
        assertThat(retryAfter(login("grows", WRONG, "198.51.100.7"))).isEqualTo(2 * first);
    }

    @Test
    void anAttackerWithManyAddressesCannotLockAnAuthorOut() {
        // Given author alice with a token issued before the attack
        Accounts.author("alice-throttled");
        String token = Accounts.as("alice-throttled").header("X-Forwarded-For", "192.0.2.10").contentType(ContentType.JSON).post("/api/session")
                .then().statusCode(200).extract().path("token");

        // When attackers from many addresses fail again and again against her name, as fast as they are let in, until
        // the name's delay has grown to its cap: it never grows past the cap
        long cap = seconds(settings.loginNameMaxDelay());
        var attempts = new java.util.concurrent.atomic.AtomicInteger();
        var capReached = new java.util.concurrent.atomic.AtomicBoolean();
        var failedAtCap = new java.util.concurrent.atomic.AtomicBoolean();
        await("the attack holds the name at its cap through another failure").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    var answer = login("alice-throttled", WRONG, "203.0.113." + attempts.incrementAndGet() % 250);
                    if (answer.statusCode() != 429) {
                        failedAtCap.set(capReached.get());
                        return false;
                    }
                    long wait = retryAfter(answer);
                    assertThat(wait).as("wait imposed on her name").isLessThanOrEqualTo(cap);
                    capReached.compareAndSet(false, wait == cap);
                    return failedAtCap.get() && wait == cap;
                });

        // Then her token keeps working during the attack
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Articles.article("During the attack", "Body"))
                .post("/api/articles").then().statusCode(201);
        // And she signs in from her own address with her password within the name's short cap
        await("alice signs in").atMost(settings.loginNameMaxDelay().plusSeconds(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> login("alice-throttled", Accounts.AUTHOR_PASSWORD, "192.0.2.10").statusCode() == 200);
    }

    @Test
    void oneAddressGuessingManyNamesIsSlowedDownWhileOthersSignIn() {
        for (int i = 0; i < settings.loginFreeFailures(); i++) {
            login("someone-" + i, WRONG, "203.0.113.99").then().statusCode(401);
        }

        // That address waits, even with the right password of another name; other addresses sign in
        assertThat(retryAfter(login(Accounts.ADMIN, Accounts.adminPassword(), "203.0.113.99"))).isPositive();
        login(Accounts.ADMIN, Accounts.adminPassword(), "203.0.113.100").then().statusCode(200);
    }

    @Test
    void failuresBelowTheFreeOnesAreNotThrottled() {
        for (int i = 0; i < settings.loginFreeFailures(); i++) {
            login("below-limit", WRONG, "192.0.2.1").then().statusCode(401);
        }
        login(Accounts.ADMIN, Accounts.adminPassword(), "192.0.2.1").then().statusCode(429);
        login(Accounts.ADMIN, Accounts.adminPassword(), "192.0.2.2").then().statusCode(200);
    }

    private static long retryAfter(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(429);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        return Long.parseLong(response.header("Retry-After"));
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static Response login(String name, String password, String clientAddress) {
        return given().auth().preemptive().basic(name, password).header("X-Forwarded-For", clientAddress)
                .contentType(ContentType.JSON).post("/api/session");
    }
}
