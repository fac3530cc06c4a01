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
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The attacker's side of every form: no token, another browser's token, another site's page; and the token's cookie. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class CrossSiteFormsTest {

    private static final String AUTHOR = "forms-author";
    private static final String LOGIN = "/blog/login/";
    private static final Map<String, String> CREDENTIALS = Map.of("name", AUTHOR, "password", Accounts.AUTHOR_PASSWORD);

    @BeforeEach
    void accounts() {
        Articles.awaitReady();
        Accounts.deleteAllButAdmin(MariaDbServer.DATABASE);
        Accounts.author(AUTHOR);
    }

    @Test
    void theFormOfThisBlogSignsIn() {
        var form = Forms.open(LOGIN);

        form.post().header("Origin", baseOrigin()).formParams(CREDENTIALS).post(LOGIN).then().statusCode(303);
        // what Chromium sends for a form of ours under Referrer-Policy: no-referrer (seen in WritingInBrowserIT)
        Forms.open(LOGIN).post().header("Origin", "null").header("Sec-Fetch-Site", "same-origin").formParams(CREDENTIALS)
                .post(LOGIN).then().statusCode(303);
    }

    @Test
    void aPostWithoutTheTokenIsRefusedWithAPage() {
        var form = Forms.open(LOGIN);

        assertRefused(given().cookie(Forms.CSRF, form.cookie()).contentType(ContentType.URLENC).accept("text/html")
                .formParams(CREDENTIALS).post(LOGIN).then().extract());
        assertRefused(given().contentType(ContentType.URLENC).formParams(CREDENTIALS).post(LOGIN).then().extract());
        assertRefused(given().contentType(ContentType.URLENC).post("/blog/logout/").then().extract());
    }

    @Test
    void anotherBrowsersTokenIsRefused() {
        var mine = Forms.open(LOGIN);
        var theirs = Forms.open(LOGIN);
        assertThat(theirs.token()).isNotEqualTo(mine.token());

        assertRefused(given().cookie(Forms.CSRF, mine.cookie()).formParam(Forms.CSRF, theirs.token())
                .contentType(ContentType.URLENC).formParams(CREDENTIALS).post(LOGIN).then().extract());
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithAToken() {
        var form = Forms.open(LOGIN);

        assertRefused(form.post().header("Origin", "https://evil.example").formParams(CREDENTIALS).post(LOGIN).then().extract());
        assertRefused(form.post().header("Sec-Fetch-Site", "same-site").formParams(CREDENTIALS).post(LOGIN).then().extract());
        assertRefused(form.post().header("Sec-Fetch-Site", "cross-site").formParams(CREDENTIALS).post(LOGIN).then().extract());
    }

    @Test
    void theTokensCookieIsHttpOnlyOfThePagesAndOutlivesASignIn() {
        var page = given().get(LOGIN).then().statusCode(200).extract();
        var cookie = page.detailedCookie(Forms.CSRF);

        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getPath()).isEqualTo("/blog/");
        assertThat(cookie.isSecured()).isFalse(); // plain HTTP here; Secure when the request came over TLS
        var lifetime = ConfigProvider.getConfig().getValue("myblog.auth.token-lifetime", Duration.class);
        assertThat((long) cookie.getMaxAge()).isGreaterThan(lifetime.toSeconds());
        assertThat(page.asString()).contains("name=\"" + Forms.CSRF + "\"");
    }

    @Test
    void onlyPagesWithAFormSetTheTokensCookie() {
        long id = Articles.create("Read without a token", "Body", AUTHOR);
        // a response a cache on the way may keep and serve to others never carries a token: they would share it
        for (var path : new String[] {"/api/articles", "/api/articles/" + id, "/blog/index/", "/blog/article/" + id + "/",
                "/blog/feed/", "/sitemap.xml"}) {
            assertThat(given().get(path).then().statusCode(200).extract().cookies()).as(path).doesNotContainKey(Forms.CSRF);
        }
        for (var path : new String[] {LOGIN, "/blog/logout/"}) {
            assertThat(given().get(path).then().statusCode(200).extract().cookies()).as(path).containsKey(Forms.CSRF);
        }
        // a signed-in browser whose token cookie has gone (it lives 12 h) gets a new one with each form
        String session = Forms.open(LOGIN).post().formParams(CREDENTIALS).post(LOGIN).then().statusCode(303).extract()
                .cookie(SessionCookie.NAME);
        for (var path : new String[] {"/blog/new/", "/blog/article/" + id + "/edit/", "/blog/article/" + id + "/delete/"}) {
            var page = given().cookie(SessionCookie.NAME, session).accept("text/html").get(path).then().statusCode(200)
                    .extract();
            assertThat(page.asString()).as(path)
                    .contains("name=\"" + Forms.CSRF + "\" value=\"" + page.cookie(Forms.CSRF) + "\"");
        }
    }

    @Test
    void theJsonApiNeedsNoToken() {
        Accounts.as(AUTHOR).contentType(ContentType.JSON).body(Articles.article("No token needed", "API"))
                .post("/api/articles").then().statusCode(201);
    }

    private static void assertRefused(ExtractableResponse<Response> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.asString()).contains("403").contains("not sent from a page of this blog");
        assertThat(response.cookies()).doesNotContainKey(SessionCookie.NAME);
    }

    private static String baseOrigin() {
        return "http://localhost:" + io.restassured.RestAssured.port;
    }
}
