package io.myblog.service.problem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.myblog.support.Articles;
import io.myblog.support.LogCapture;
import io.myblog.support.Management;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A bug answers 500 with an id that leads to one log line with the type and stack trace, database down or not. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class UnexpectedFailureTest {

    private static final String FAILURE = "/test-only/failure";

    private final MariaDbServer database = MariaDbServer.get();

    @AfterEach
    void databaseRunsAgain() {
        if (database.isEmbedded() && !database.isRunning()) {
            database.start();
        }
    }

    @Test
    void answers500WithAnIdThatTheLogLineWithTheStackTraceCarries() {
        Articles.awaitReady();
        try (var log = new LogCapture(ProblemMappers.class)) {
            // When something unexpected fails
            var response = given().get(FAILURE);

            // Then the client gets a 500 with an opaque id and nothing of the internals
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.contentType()).isEqualTo(Problem.MEDIA_TYPE);
            var instance = response.jsonPath().getString("instance");
            assertThat(instance).startsWith("urn:uuid:");
            assertThat(response.asString()).doesNotContain("IllegalState", "forced", MariaDbServer.PASSWORD, "\tat ");

            // And the log has one ERROR line with the same id, the exception's type and its stack trace, but no secret
            var id = instance.substring("urn:uuid:".length());
            await("the ERROR line").atMost(Duration.ofSeconds(5)).until(() -> !log.at(Level.SEVERE).isEmpty());
            assertThat(log.at(Level.SEVERE)).hasSize(1);
            var line = log.at(Level.SEVERE).get(0);
            assertThat(line.formatted()).contains(id, "java.lang.IllegalStateException",
                    "at " + FailingResource.class.getName() + ".fail");
            assertThat(line.formatted()).doesNotContain(MariaDbServer.PASSWORD);
            assertThat(line.mdc()).as("the request id every line of the request carries").containsEntry("requestId", id);
        }
    }

    @Tag(MariaDbServer.NEEDS_EMBEDDED)
    @Test
    void aBugWhileTheDatabaseIsDownIsStillA500() {
        Articles.awaitReady();
        // Given a database that has stopped, and readiness that knows it
        database.stop();
        await("readiness DOWN").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Management.given().get("/q/health/ready").statusCode() == 503);

        // Then a failure that has nothing to do with the database is still reported as ours, not as its outage
        given().get(FAILURE).then().statusCode(500).contentType(Problem.MEDIA_TYPE);
    }
}
