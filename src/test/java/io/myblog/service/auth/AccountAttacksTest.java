package io.myblog.service.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ways into an account an attacker tries first (issue 24), each as the attacker would send it: a padded or
 * re-cased name, a stolen session token used to take the password, removing the last admin, racing two creates,
 * reusing Basic credentials after the password changed.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class AccountAttacksTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String NEW_PASSWORD = "Changed-Author-Pw-5e7f1a";
    /**
     * Where the refused sign-ins of this class come from (X-Forwarded-For, trusted from 127.0.0.1 in tests): their own
     * address, so their failures do not slow the sign-ins of other test classes from 127.0.0.1.
     */
    private static final String ATTACKER = "198.51.100.66";

    @BeforeEach
    void clean() {
        Articles.awaitReady();
        Accounts.deleteAllButAdmin(MariaDbServer.DATABASE);
    }

    @Test
    void aPaddedOrReCasedNameIsNotTheAccount() {
        // Given the admin's right password, sent under names a PAD SPACE or case-insensitive comparison would match
        for (var lookalike : List.of("admin ", "admin   ", "Admin", "ADMIN")) {
            given().auth().preemptive().basic(lookalike, Accounts.adminPassword()).header("X-Forwarded-For", ATTACKER)
                    .contentType(ContentType.JSON)
                    .body(Articles.article("Padded", "Body")).post("/api/articles")
                    .then().statusCode(401).contentType(PROBLEM);
        }
        // And an admin's change or deletion of a padded name does not reach the account it pads
        Accounts.author("alice");
        Accounts.asAdmin().urlEncodingEnabled(false).contentType(ContentType.JSON).body(Map.of("roles", List.of("admin")))
                .put("/api/accounts/alice%20").then().statusCode(404);
        Accounts.asAdmin().urlEncodingEnabled(false).delete("/api/accounts/alice%20%20").then().statusCode(404);
        Accounts.as("alice").contentType(ContentType.JSON).body(Articles.article("Still alice", "Body"))
                .post("/api/articles").then().statusCode(201).body("author", equalTo("alice"));
        Accounts.asAdmin().get("/api/accounts").then().body("find { it.name == 'alice' }.roles", equalTo(List.of("author")));
    }

    @Test
    void aStolenTokenCannotChangeThePassword() {
        // Given the token of author alice, in an attacker's hands
        Accounts.author("alice");
        String token = Accounts.as("alice").contentType(ContentType.JSON).post("/api/session").then().statusCode(200).extract().path("token");

        // When the attacker sets a new password with the token alone, or with a guessed current password
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("password", NEW_PASSWORD))
                .put("/api/accounts/alice").then().statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("currentPassword"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("password", NEW_PASSWORD, "currentPassword", "Guessed-Pw-000000"))
                .put("/api/accounts/alice").then().statusCode(403);

        // Then alice's password is unchanged
        Accounts.as("alice").contentType(ContentType.JSON).body(Articles.article("Mine", "Body"))
                .post("/api/articles").then().statusCode(201);

        // And alice herself, with the token and her current password, can change it, which ends the token
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("password", NEW_PASSWORD, "currentPassword", Accounts.AUTHOR_PASSWORD))
                .put("/api/accounts/alice").then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Articles.article("Old token", "Body"))
                .post("/api/articles").then().statusCode(401);
    }

    @Test
    void theLastAdminCanBeNeitherDeletedNorDemoted() {
        // Given admin, the only admin
        Accounts.asAdmin().delete("/api/accounts/admin").then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("last admin"));
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("roles", List.of("author")))
                .put("/api/accounts/admin").then().statusCode(409).contentType(PROBLEM);
        Accounts.asAdmin().get("/api/accounts").then().statusCode(200)
                .body("find { it.name == 'admin' }.roles", equalTo(List.of("admin")));

        // When there is a second admin, either may be demoted or deleted
        Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Map.of("name", "deputy", "password", Accounts.AUTHOR_PASSWORD, "roles", List.of("admin")))
                .post("/api/accounts").then().statusCode(201);
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("roles", List.of("author")))
                .put("/api/accounts/deputy").then().statusCode(200);
        Accounts.asAdmin().delete("/api/accounts/deputy").then().statusCode(204);
    }

    @Test
    void twoCreatesOfOneAccountAtOnceGiveOne201AndOnly409s() throws Exception {
        var account = Map.of("name", "twin", "password", Accounts.AUTHOR_PASSWORD, "roles", List.of("author"));
        var clients = Executors.newFixedThreadPool(8);
        try {
            var answers = new ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 8; i++) {
                Callable<Integer> create = () -> Accounts.asAdmin().contentType(ContentType.JSON).body(account)
                        .post("/api/accounts").statusCode();
                answers.add(clients.submit(create));
            }
            var statuses = new ArrayList<Integer>();
            for (var answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void rememberedBasicCredentialsEndWithThePasswordAndTheAccount() {
        // Given Basic credentials verified (and remembered) by a write
        Accounts.author("alice");
        Accounts.as("alice").contentType(ContentType.JSON).body(Articles.article("First", "Body"))
                .post("/api/articles").then().statusCode(201);

        // When alice changes her password, the old pair is refused at once
        Accounts.as("alice").contentType(ContentType.JSON).body(Map.of("password", NEW_PASSWORD))
                .put("/api/accounts/alice").then().statusCode(200);
        Accounts.as("alice").header("X-Forwarded-For", ATTACKER).contentType(ContentType.JSON)
                .body(Articles.article("Old pair", "Body"))
                .post("/api/articles").then().statusCode(401);
        given().auth().preemptive().basic("alice", NEW_PASSWORD).contentType(ContentType.JSON)
                .body(Articles.article("New pair", "Body")).post("/api/articles").then().statusCode(201);

        // And when the account is deleted, the remembered new pair is refused at once
        Accounts.asAdmin().delete("/api/accounts/alice").then().statusCode(204);
        given().auth().preemptive().basic("alice", NEW_PASSWORD).header("X-Forwarded-For", ATTACKER)
                .contentType(ContentType.JSON).body(Articles.article("Deleted", "Body")).post("/api/articles").then().statusCode(401);
    }

    @Test
    void aNewAccountCannotTakeOverADeletedAccountsNameAndItsArticles() {
        // Given alice's article, and alice's account deleted by an admin
        Accounts.author("alice");
        long id = Articles.create("Alice's words", "Body", "alice");
        Accounts.asAdmin().delete("/api/accounts/alice").then().statusCode(204);

        // When someone gets an account named alice created, it is refused (a padded alice is no valid name at all)
        Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Map.of("name", "alice", "password", NEW_PASSWORD, "roles", List.of("author")))
                .post("/api/accounts").then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("deleted account"));
        Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Map.of("name", "alice  ", "password", NEW_PASSWORD, "roles", List.of("author")))
                .post("/api/accounts").then().statusCode(400).contentType(PROBLEM);

        // Then nobody signs in as alice, and her article stays as it was
        given().auth().preemptive().basic("alice", NEW_PASSWORD).header("X-Forwarded-For", ATTACKER)
                .contentType(ContentType.JSON).body(Articles.article("Taken over", "Body"))
                .put("/api/articles/" + id).then().statusCode(401);
        given().get("/api/articles/" + id).then().statusCode(200).body("title", equalTo("Alice's words"));
    }

    @Test
    void aSessionTokenIsNeverKeptByACache() {
        Accounts.author("alice");
        Accounts.as("alice").contentType(ContentType.JSON).post("/api/session").then().statusCode(200).header("Cache-Control", equalTo("no-store"));
    }
}
