package io.myblog.service.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.Forms;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sign-in form and its session cookie: attributes, throttle shared with Basic, a password change ends it. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class SignInTest {

    private static final String AUTHOR = "signer";
    /** Failed sign-ins count per name too: the tests that fail on purpose use names of their own. */
    private static final String REFUSED = "refused-signer";
    private static final String THROTTLED = "throttled-signer";
    // Sign-ins come from 100.64.0.x (X-Forwarded-For): LoginThrottleTest's many-address attacker uses all of
    // 203.0.113.0-249 in the same application, and the throttle's address counts outlive a test class.
    private static final String HTML = "text/html";

    @BeforeEach
    void clean() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        Accounts.deleteAllButAdmin(MariaDbServer.DATABASE);
        Accounts.author(AUTHOR);
    }

    @Test
    void theFormSignsInWithAnHttpOnlyLaxCookieOfThePagesThatExpires() {
        var response = signIn(AUTHOR, Accounts.AUTHOR_PASSWORD, "100.64.0.1", "/blog/new/");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.header("Location")).endsWith("/blog/new/");
        var cookie = response.detailedCookie(SessionCookie.NAME);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(cookie.getPath()).isEqualTo("/blog/");
        assertThat(cookie.isSecured()).as("Secure over plain HTTP would lose the cookie").isFalse();
        long lifetime = ConfigProvider.getConfig().getValue("myblog.auth.token-lifetime", java.time.Duration.class).toSeconds();
        assertThat((long) cookie.getMaxAge()).isBetween(lifetime - 5, lifetime);
        assertThat(response.header("Set-Cookie")).contains("Expires=");
    }

    @Test
    void behindTlsTheCookieIsSecure() {
        var response = Forms.open("/blog/login/").post().header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "100.64.0.2")
                .formParams(Map.of("name", AUTHOR, "password", Accounts.AUTHOR_PASSWORD))
                .post("/blog/login/").then().statusCode(303).extract();

        assertThat(response.detailedCookie(SessionCookie.NAME).isSecured()).isTrue();
    }

    @Test
    void theSessionReadsTheAuthorsDraftAndAPasswordChangeEndsIt() {
        long draft = Accounts.as(AUTHOR).contentType(ContentType.JSON)
                .body(Map.of("title", "Sign-in draft", "content", "Mine", "status", "draft"))
                .post("/api/articles").then().statusCode(201).extract().jsonPath().getLong("id");
        var session = signIn(AUTHOR, Accounts.AUTHOR_PASSWORD, "100.64.0.3", null).cookie(SessionCookie.NAME);

        given().cookie(SessionCookie.NAME, session).accept(HTML).get("/blog/article/" + draft + "/").then().statusCode(200);
        given().accept(HTML).get("/blog/article/" + draft + "/").then().statusCode(404);

        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("password", "A-new-password-for-signer-9"))
                .put("/api/accounts/" + AUTHOR).then().statusCode(200);

        given().cookie(SessionCookie.NAME, session).accept(HTML).get("/blog/article/" + draft + "/").then().statusCode(404);
    }

    @Test
    void theCookieIsNoCredentialOfTheApi() {
        var session = signIn(AUTHOR, Accounts.AUTHOR_PASSWORD, "100.64.0.4", null).cookie(SessionCookie.NAME);

        given().cookie(SessionCookie.NAME, session).contentType(ContentType.JSON).body(Articles.article("Via cookie", "x"))
                .post("/api/articles").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Basic realm=\"myblog\"");
    }

    @Test
    void aWrongPasswordShowsTheFormAgainWithoutSayingWhy() {
        Accounts.author(REFUSED);
        var response = signIn(REFUSED, "not-the-right-password", "100.64.0.5", null);
        var unknown = signIn("nobody-here", "not-the-right-password", "100.64.0.5", null);

        for (var refused : java.util.List.of(response, unknown)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith(HTML);
            assertThat(refused.asString()).contains("not accepted").contains("<form");
            assertThat(refused.cookies()).doesNotContainKey(SessionCookie.NAME);
        }
    }

    @Test
    void formAndBasicShareOneThrottle() {
        var address = "100.64.0.6";
        Accounts.author(THROTTLED);
        int free = ConfigProvider.getConfig().getValue("myblog.auth.login-free-failures", Integer.class);
        for (int i = 0; i < free; i++) {
            assertThat(signIn(THROTTLED, "wrong-password-" + i, address, null).statusCode()).isEqualTo(401);
        }

        // the form's failures hold Basic back, even with the right password
        Accounts.as(THROTTLED).header("X-Forwarded-For", address).contentType(ContentType.JSON).post("/api/session").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        var form = signIn(THROTTLED, Accounts.AUTHOR_PASSWORD, address, null);
        assertThat(form.statusCode()).isEqualTo(429);
        assertThat(form.header("Retry-After")).isNotNull();
        assertThat(form.contentType()).startsWith(HTML);
        assertThat(form.cookies()).doesNotContainKey(SessionCookie.NAME);
    }

    @Test
    void aSignInLeadsOnlyToAPageOfTheBlog() {
        for (var next : java.util.List.of("//evil.example/", "https://evil.example/blog/", "/blog/..//evil", "/\\evil.example")) {
            assertThat(signIn(AUTHOR, Accounts.AUTHOR_PASSWORD, "100.64.0.7", next).header("Location"))
                    .as(next).endsWith("/blog/index/").doesNotContain("evil");
        }
    }

    @Test
    void signingOutClearsTheCookie() {
        var response = Forms.open("/blog/logout/").post().post("/blog/logout/").then().statusCode(303).extract();

        assertThat(response.header("Location")).endsWith("/blog/index/");
        assertThat(response.detailedCookie(SessionCookie.NAME).getMaxAge()).isZero();
        assertThat(response.detailedCookie(SessionCookie.NAME).getPath()).isEqualTo("/blog/");
    }

    static ExtractableResponse<Response> signIn(String name, String password, String address, String next) {
        var form = new java.util.HashMap<String, String>(Map.of("name", name, "password", password));
        if (next != null) {
            form.put("next", next);
        }
        return Forms.open("/blog/login/").post().header("X-Forwarded-For", address).formParams(form)
                .post("/blog/login/").then().extract();
    }
}
