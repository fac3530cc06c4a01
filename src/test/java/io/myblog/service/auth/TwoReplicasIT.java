package io.myblog.service.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.PackagedService;
import io.restassured.http.ContentType;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged services started together on one empty database with the same MYBLOG_ADMIN_PASSWORD and
 * MYBLOG_TOKEN_KEY, as two replicas of a rollout: one admin account, tokens valid on both, writes closed to anonymous.
 */
class TwoReplicasIT {

    private static final String DATABASE = "myblog_replicas";
    private static final String ADMIN_PASSWORD = "Replica-Admin-Pw-2b7d";
    private static final String AUTHOR_PASSWORD = "Replica-Author-Pw-8e1c";
    /** quarkus.cache.caffeine."account-credentials".expire-after-write, plus room for a loaded machine. */
    private static final Duration OTHER_REPLICA_SEES_CHANGES_WITHIN = Duration.ofSeconds(10);

    private static PackagedService first;
    private static PackagedService second;

    @BeforeAll
    static void startTwoReplicasTogether() throws Exception {
        var server = MariaDbServer.get();
        server.execute("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        var environment = new HashMap<>(server.environment(DATABASE));
        environment.put("MYBLOG_ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("MYBLOG_TOKEN_KEY", "replicas-share-this-signing-key-of-32-bytes");
        first = PackagedService.start(environment, "replica-1");
        second = PackagedService.start(environment, "replica-2");
        for (var service : List.of(first, second)) {
            await("replica ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> service.managementStatus("/q/health/ready") == 200);
        }
    }

    @AfterAll
    static void stop() {
        for (var service : new PackagedService[] {first, second}) {
            if (service != null) {
                service.close();
            }
        }
        MariaDbServer.shutdown();
    }

    @Test
    void twoReplicasStartingTogetherLeaveExactlyOneAdminAccount() throws Exception {
        assertThat(adminAccounts()).containsExactly("admin:admin");
        for (var service : List.of(first, second)) {
            given().auth().preemptive().basic("admin", ADMIN_PASSWORD).get(service.url("/api/accounts"))
                    .then().statusCode(200);
            assertThat(service.log()).doesNotContain(ADMIN_PASSWORD);
        }
    }

    @Test
    void aTokenFromOneReplicaWorksOnTheOtherUntilThePasswordChanges() {
        // Given author alice and a token the first replica issued
        given().auth().preemptive().basic("admin", ADMIN_PASSWORD).contentType(ContentType.JSON)
                .body(Map.of("name", "alice", "password", AUTHOR_PASSWORD, "roles", List.of("author")))
                .post(first.url("/api/accounts")).then().statusCode(201);
        String token = given().auth().preemptive().basic("alice", AUTHOR_PASSWORD).contentType(ContentType.JSON).post(first.url("/api/session"))
                .then().statusCode(200).extract().path("token");

        // Then the second replica accepts it
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Articles.article("Via replica 2", "Body"))
                .post(second.url("/api/articles")).then().statusCode(201).body("author", equalTo("alice"));

        // When alice changes her password through the first replica, the second stops accepting the old token
        given().auth().preemptive().basic("alice", AUTHOR_PASSWORD).contentType(ContentType.JSON)
                .body(Map.of("password", "Replica-Author-New-Pw-44")).put(first.url("/api/accounts/alice"))
                .then().statusCode(200);
        await("the other replica refuses the old token").atMost(OTHER_REPLICA_SEES_CHANGES_WITHIN)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Articles.article("Old token", "Body")).post(second.url("/api/articles")).statusCode() == 401);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Articles.article("Old token", "Body"))
                .post(first.url("/api/articles")).then().statusCode(401);
    }

    @Test
    void thePackagedJarRefusesAnonymousWritesAndKeepsManagementOffTheApplicationPort() {
        given().contentType(ContentType.JSON).body(Articles.article("Anonymous", "Body"))
                .post(first.url("/api/articles")).then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"myblog\"");
        given().delete(first.url("/api/articles/1")).then().statusCode(401);
        assertThat(first.status("/q/health/ready")).isEqualTo(404);
        assertThat(first.status("/q/metrics")).isEqualTo(404);
        assertThat(first.managementStatus("/q/health/ready")).isEqualTo(200);
    }

    /** Every account with the admin role (other tests add authors). */
    private static List<String> adminAccounts() throws SQLException {
        try (var connection = MariaDbServer.get().admin(); var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT name, roles FROM " + DATABASE + ".account WHERE roles LIKE '%admin%' ORDER BY name")) {
            var result = new java.util.ArrayList<String>();
            while (rows.next()) {
                result.add(rows.getString(1) + ":" + rows.getString(2));
            }
            return result;
        }
    }
}
