package io.myblog.service.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.LogCapture;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads are public; every write needs an account, and an author changes only its own articles. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class WriteAccessTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String CHALLENGE = "Basic realm=\"myblog\"";
    private static final Map<String, Object> EDIT = Map.of("title", "Edited", "content", "Edited body", "version", 0);

    @BeforeEach
    void clean() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        Accounts.deleteAllButAdmin(MariaDbServer.DATABASE);
    }

    @Test
    void anonymousWritesGet401WithTheBasicChallenge() {
        long id = Articles.create("Existing", "Body", "alice");

        given().contentType(ContentType.JSON).body(Articles.article("Anonymous", "Body")).post("/api/articles")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", CHALLENGE);
        given().contentType(ContentType.JSON).body(EDIT).put("/api/articles/" + id)
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", CHALLENGE);
        given().delete("/api/articles/" + id)
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", CHALLENGE);

        given().get("/api/articles/" + id).then().statusCode(200).body("title", equalTo("Existing"));
        given().get("/api/articles").then().statusCode(200).body("items.size()", equalTo(1));
        given().get("/blog/index/").then().statusCode(200);
    }

    @Test
    void wrongPasswordGets401AndThePasswordNeverReachesTheLog() {
        Accounts.author("alice");
        var wrongPassword = "Wrong-Author-Pw-91d3e0";

        try (var log = LogCapture.everything()) {
            var wrong = given().auth().preemptive().basic("alice", wrongPassword).contentType(ContentType.JSON)
                    .body(Articles.article("Nope", "Body")).post("/api/articles")
                    .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", CHALLENGE)
                    .extract().asString();
            var unknown = given().auth().preemptive().basic("nobody-such", wrongPassword).contentType(ContentType.JSON)
                    .body(Articles.article("Nope", "Body")).post("/api/articles")
                    .then().statusCode(401).extract().asString();

            // The answer never tells whether the account exists
            assertThat(unknown).isEqualTo(wrong);
            assertThat(wrong).doesNotContain(wrongPassword).doesNotContain("alice");
            assertThat(log.all()).isNotEmpty(); // the capture works: the requests above do log
            assertThat(log.all()).noneMatch(line -> String.valueOf(line.message()).contains(wrongPassword));
        }
        given().get("/api/articles").then().body("items.size()", equalTo(0));
    }

    @Test
    void anAuthorChangesItsOwnArticlesAndGets403ForAnothers() {
        long alices = Articles.create("Alice's", "Body", "alice");
        Accounts.author("bob");

        Accounts.as("bob").contentType(ContentType.JSON).body(EDIT).put("/api/articles/" + alices)
                .then().statusCode(403).contentType(PROBLEM).body("status", equalTo(403));
        Accounts.as("bob").delete("/api/articles/" + alices).then().statusCode(403).contentType(PROBLEM);
        given().get("/api/articles/" + alices).then().body("title", equalTo("Alice's")).body("version", equalTo(0));

        Accounts.as("alice").contentType(ContentType.JSON).body(EDIT).put("/api/articles/" + alices)
                .then().statusCode(200).body("title", equalTo("Edited")).body("author", equalTo("alice"));
        Accounts.as("alice").delete("/api/articles/" + alices).then().statusCode(204);
    }

    @Test
    void anAdminChangesAnyArticle() {
        long alices = Articles.create("Alice's", "Body", "alice");

        Accounts.asAdmin().contentType(ContentType.JSON).body(EDIT).put("/api/articles/" + alices)
                .then().statusCode(200).body("title", equalTo("Edited")).body("author", equalTo("alice"));
        Accounts.asAdmin().delete("/api/articles/" + alices).then().statusCode(204);
    }

    @Test
    void theAuthorIsTheSignedInAccountWhateverTheBodySays() {
        Accounts.author("alice");
        var body = new HashMap<String, Object>(Articles.article("Signed", "Body"));
        body.put("author", "mallory");

        long id = Accounts.as("alice").contentType(ContentType.JSON).body(body).post("/api/articles")
                .then().statusCode(201).body("author", equalTo("alice")).extract().jsonPath().getLong("id");
        body.put("version", 0);
        Accounts.as("alice").contentType(ContentType.JSON).body(body).put("/api/articles/" + id)
                .then().statusCode(200).body("author", equalTo("alice"));
        given().get("/api/articles/" + id).then().body("author", equalTo("alice"));
    }

    @Test
    void passwordsAreStoredAsBcryptHashesOnly() throws SQLException {
        Accounts.author("alice");

        String stored;
        try (var connection = MariaDbServer.get().admin();
                var statement = connection.prepareStatement(
                        "SELECT password_hash FROM " + MariaDbServer.DATABASE + ".account WHERE name = ?")) {
            statement.setString(1, "alice");
            try (var row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                stored = row.getString(1);
            }
        }
        assertThat(stored).startsWith("$2").doesNotContain(Accounts.AUTHOR_PASSWORD);
        assertThat(BcryptUtil.matches(Accounts.AUTHOR_PASSWORD, stored)).isTrue();
        Accounts.asAdmin().get("/api/accounts").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString(stored)))
                .body("find { it.name == 'alice' }.roles", equalTo(List.of("author")));
    }

    @Test
    void aTokenAuthenticatesWritesUntilThePasswordChanges() {
        // Given a token from one password check
        Accounts.author("alice");
        String token = Accounts.as("alice").contentType(ContentType.JSON).post("/api/session").then().statusCode(200)
                .body("expiresAt", org.hamcrest.Matchers.notNullValue()).extract().path("token");

        // Then it authenticates writes, and cannot be traded for a fresh token
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Articles.article("By token", "Body"))
                .post("/api/articles").then().statusCode(201).body("author", equalTo("alice"));
        given().auth().oauth2(token).contentType(ContentType.JSON).post("/api/session").then().statusCode(401);
        given().auth().oauth2(token + "x").contentType(ContentType.JSON).body(Articles.article("Forged", "Body"))
                .post("/api/articles").then().statusCode(401).contentType(PROBLEM);

        // When the password changes, the token stops working and the new password does
        var newPassword = "Changed-Author-Pw-5e61";
        Accounts.as("alice").contentType(ContentType.JSON).body(Map.of("password", newPassword))
                .put("/api/accounts/alice").then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Articles.article("Old token", "Body"))
                .post("/api/articles").then().statusCode(401).contentType(PROBLEM);
        given().auth().preemptive().basic("alice", newPassword).contentType(ContentType.JSON)
                .body(Articles.article("New password", "Body")).post("/api/articles").then().statusCode(201);
    }

    @Test
    void onlyAnAdminManagesAccountsAndAnAuthorChangesOnlyItsOwnPassword() {
        Accounts.author("alice");
        Accounts.author("bob");
        var account = Map.of("name", "carol", "password", "Carol-Pw-long-enough", "roles", List.of("author"));

        Accounts.as("alice").get("/api/accounts").then().statusCode(403).contentType(PROBLEM);
        Accounts.as("alice").contentType(ContentType.JSON).body(account).post("/api/accounts").then().statusCode(403);
        Accounts.as("alice").delete("/api/accounts/bob").then().statusCode(403);
        Accounts.as("alice").contentType(ContentType.JSON).body(Map.of("password", "Another-long-password"))
                .put("/api/accounts/bob").then().statusCode(403).contentType(PROBLEM);
        Accounts.as("alice").contentType(ContentType.JSON).body(Map.of("roles", List.of("admin")))
                .put("/api/accounts/alice").then().statusCode(403);
        Accounts.as("alice").contentType(ContentType.JSON).body(Map.of("password", "short"))
                .put("/api/accounts/alice").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", org.hamcrest.Matchers.contains("password"));

        Accounts.asAdmin().contentType(ContentType.JSON).body(account).post("/api/accounts")
                .then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith("/api/accounts/carol"));
        Accounts.asAdmin().contentType(ContentType.JSON).body(account).post("/api/accounts").then().statusCode(409);
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("roles", List.of("author", "admin")))
                .put("/api/accounts/carol").then().statusCode(200).body("roles", equalTo(List.of("admin", "author")));
        Accounts.asAdmin().delete("/api/accounts/bob").then().statusCode(204);
        Accounts.asAdmin().delete("/api/accounts/bob").then().statusCode(404).contentType(PROBLEM);
        Accounts.as("bob").contentType(ContentType.JSON).body(Articles.article("Gone", "Body")).post("/api/articles")
                .then().statusCode(401);
    }

    @Test
    void pagesAndJsonCarryTheSecurityHeaders() {
        given().get("/blog/index/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
        given().get("/api/articles").then().statusCode(200).header("X-Content-Type-Options", "nosniff");
        given().get("/api/articles/987654321").then().statusCode(404).header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void locationUsesTheSchemeAndHostTheProxyForwarded() {
        Accounts.author("alice");

        Accounts.as("alice").header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "myblog.example.org")
                .contentType(ContentType.JSON).body(Articles.article("Behind the Ingress", "Body"))
                .post("/api/articles")
                .then().statusCode(201).header("Location", startsWith("https://myblog.example.org/api/articles/"));
    }
}
