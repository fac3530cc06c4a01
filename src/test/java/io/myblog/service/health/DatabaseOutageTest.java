package io.myblog.service.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.myblog.service.database.DatabaseSettings;
import io.myblog.support.Articles;
import io.myblog.support.Accounts;
import io.myblog.support.Management;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stops the real database under a running service and brings it back. */
// Stops and starts the server: against an external MySQL it fails, unless excluded with -DexcludedGroups=embedded-database.
@Tag(MariaDbServer.NEEDS_EMBEDDED)
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class DatabaseOutageTest {

    private static final Duration BACK_WITHIN = Duration.ofSeconds(5);

    /** What a browser sends when it opens a page. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final MariaDbServer database = MariaDbServer.get();

    @Inject
    DatabaseSettings settings;

    @BeforeEach
    void ready() {
        Articles.awaitReady();
    }

    @AfterEach
    void databaseRunsAgain() {
        if (!database.isRunning()) {
            database.start();
        }
    }

    @Test
    void readinessGoesDownAndApiAnswers503WhileDatabaseIsStoppedThenRecoversWithoutRestart() {
        long id = Articles.create("Survives the outage", "Body", "ops");

        // When the database stops
        database.stop();

        // Then readiness goes down with a reason, liveness stays up, and the API asks clients to retry
        await("readiness DOWN").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Management.given().get("/q/health/ready").statusCode() == 503);
        Management.given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'database' }.data.reason", containsString("unreachable"))
                .body(not(containsString(MariaDbServer.PASSWORD)));
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/health/started").then().statusCode(200);
        given().get("/api/articles/" + id).then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body(not(containsString(MariaDbServer.PASSWORD)))
                .body(not(containsString("Exception")));
        Accounts.asAdmin().contentType(ContentType.JSON).body(Articles.article("Lost?", "Body"))
                .post("/api/articles").then().statusCode(503).header("Retry-After", equalTo("5"));

        // When it comes back, readiness recovers within 5 s with no restart, and the data is still there
        database.start();
        await("readiness UP after the database is back").atMost(BACK_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> Management.given().get("/q/health/ready").statusCode() == 200);
        given().get("/api/articles/" + id).then().statusCode(200).body("title", equalTo("Survives the outage"));
    }

    @Test
    void browsersGetA503PageAndApiClientsAProblemWhileDatabaseIsStopped() {
        long id = Articles.create("Behind the outage", "Body", "ops");
        var retryAfter = Long.toString(settings.retryAfter().toSeconds());

        // When the database stops
        database.stop();
        await("readiness DOWN").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Management.given().get("/q/health/ready").statusCode() == 503);

        // Then a browser gets a page that says so, an API client a problem, both with Retry-After
        for (var path : List.of("/blog/article/" + id + "/", "/blog/index/?q=outage", "/api/articles/" + id)) {
            given().accept(BROWSER_ACCEPT).get(path).then().statusCode(503)
                    .contentType("text/html;charset=UTF-8")
                    .header("Retry-After", equalTo(retryAfter))
                    .body(containsString("<h1>503 Service Unavailable</h1>"))
                    .body(not(containsString(MariaDbServer.PASSWORD)))
                    .body(not(containsString("Exception")));
            given().get(path).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo(retryAfter));
        }
    }
}
