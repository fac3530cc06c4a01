package io.myblog.service.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.myblog.support.Accounts;
import io.myblog.support.Management;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A wrong MYSQL_PASSWD gives a clear reason everywhere, and the password itself nowhere. */
@QuarkusTest
@TestProfile(WrongPasswordTest.WrongPassword.class)
class WrongPasswordTest {

    static final String WRONG_PASSWORD = "Wrong-Pw-5d2b8f-must-not-leak";
    static final Path LOG = Path.of("target", "wrong-password-test.log");

    public static class WrongPasswordDatabase extends MariaDbTestResource {
        @Override
        public Map<String, String> start() {
            var environment = new HashMap<>(super.start());
            environment.put("MYSQL_PASSWD", WRONG_PASSWORD);
            return environment;
        }
    }

    public static class WrongPassword implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WrongPasswordDatabase.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString());
        }
    }

    @Test
    void reportsRefusedCredentialsWithoutThePassword() throws Exception {
        await("readiness reports the refused credentials").atMost(Duration.ofSeconds(10))
                .until(() -> Management.given().get("/q/health/ready").asString().contains("refused the credentials"));

        Management.given().get("/q/health/ready").then().statusCode(503)
                .body(containsString("MYSQL_USER/MYSQL_PASSWD"))
                .body(not(containsString(WRONG_PASSWORD)));
        given().get("/api/articles").then().statusCode(503)
                .body(not(containsString(WRONG_PASSWORD)));

        var log = Files.readString(LOG);
        assertThat(log).contains("refused the credentials");
        assertThat(log).doesNotContain(WRONG_PASSWORD).doesNotContain(MariaDbServer.PASSWORD);
    }
}
