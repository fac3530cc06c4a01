package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.service.auth.SessionCookie;
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
import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writing in the browser through the editor's forms, as a signed-in author (and an admin, and someone else). */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class EditorPagesTest {

    private static final String AUTHOR = "editor-author";
    private static final String OTHER = "editor-other";
    private static final String MARKDOWN = "## A heading\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```\ncode\n```\n";

    @BeforeEach
    void clean() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        Accounts.author(AUTHOR);
        Accounts.author(OTHER);
    }

    @Test
    void aSignedOutVisitorIsSentToTheSignInFormAndBack() {
        var response = given().redirects().follow(false).get("/blog/new/").then().statusCode(303).extract();

        assertThat(response.header("Location")).endsWith("/blog/login/?next=/blog/new/");
    }

    @Test
    void previewRendersTheMarkdownAndSavesNothing() {
        var session = signIn(AUTHOR);

        var preview = submit(session, "/blog/new/", fields("Previewed", MARKDOWN, "draft", "preview"));

        assertThat(preview.statusCode()).isEqualTo(200);
        var page = Jsoup.parse(preview.asString());
        assertThat(page.select(".preview h2#a-heading").text()).isEqualTo("A heading");
        assertThat(page.select(".preview table td")).hasSize(2);
        assertThat(page.select("textarea[name=content]").text()).isEqualTo(MARKDOWN.strip());
        assertThat(given().get("/api/articles").jsonPath().getList("items")).isEmpty();
    }

    @Test
    void anInvalidFormComesBackWithItsMessagesAndTheText() {
        var session = signIn(AUTHOR);

        var refused = submit(session, "/blog/new/", fields(" ", "Text I wrote", "published", "save"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("text/html");
        var page = Jsoup.parse(refused.asString());
        assertThat(page.select(".violations li").text()).contains("title");
        assertThat(page.select("textarea[name=content]").text()).isEqualTo("Text I wrote");
    }

    @Test
    void aDraftIsSavedForItsAuthorThenPublishedByAnEdit() {
        var session = signIn(AUTHOR);

        var saved = submit(session, "/blog/new/", fields("Written in the browser", MARKDOWN, "draft", "save"));
        assertThat(saved.statusCode()).isEqualTo(303);
        var path = java.net.URI.create(saved.header("Location")).getPath();
        long id = Long.parseLong(path.replaceAll("\\D", ""));
        given().accept("text/html").get(path).then().statusCode(404);
        given().cookies(session).get(path).then().statusCode(200);

        var edit = Forms.open("/blog/article/" + id + "/edit/", session);
        assertThat(Jsoup.parse(edit.html()).select("input[name=version]").attr("value")).isEqualTo("0");
        var published = post(edit, session, "/blog/article/" + id + "/edit/",
                fields("Written in the browser", MARKDOWN + "\nMore.", "published", "save", "version", "0"));

        assertThat(published.statusCode()).isEqualTo(303);
        given().get("/api/articles/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("published"))
                .body("content", org.hamcrest.Matchers.endsWith("More."));
    }

    @Test
    void aStaleEditShowsTheirVersionAndKeepsTheAuthorsText() {
        var session = signIn(AUTHOR);
        long id = Articles.create("Shared", "First text", AUTHOR);
        var edit = Forms.open("/blog/article/" + id + "/edit/", session);

        // meanwhile, the API saves another version
        Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Map.of("title", "Shared", "content", "## Theirs\n\nSaved meanwhile", "version", 0))
                .put("/api/articles/" + id).then().statusCode(200);
        var stale = post(edit, session, "/blog/article/" + id + "/edit/",
                fields("Shared", "Mine, written for an hour", "published", "save", "version", "0"));

        assertThat(stale.statusCode()).isEqualTo(409);
        Document page = Jsoup.parse(stale.asString());
        assertThat(page.select(".conflict .theirs h2#theirs").text()).isEqualTo("Theirs");
        assertThat(page.select("textarea[name=content]").text()).isEqualTo("Mine, written for an hour");
        assertThat(page.select("input[name=version]").attr("value")).isEqualTo("1");

        // saving again, knowingly, replaces theirs
        var again = submit(session, "/blog/article/" + id + "/edit/",
                fields("Shared", "Mine, written for an hour", "published", "save", "version", "1"));
        assertThat(again.statusCode()).isEqualTo(303);
        given().get("/api/articles/" + id).then().body("content", org.hamcrest.Matchers.equalTo("Mine, written for an hour"));
    }

    @Test
    void anotherAuthorMayNotChangeItButAnAdminMay() {
        long id = Articles.create("Not theirs", "Owned by the author", AUTHOR);
        var other = signIn(OTHER);

        given().cookies(other).accept("text/html").get("/blog/article/" + id + "/edit/").then().statusCode(403);
        given().cookies(other).accept("text/html").get("/blog/article/" + id + "/delete/").then().statusCode(403);
        var refused = submit(other, "/blog/article/" + id + "/edit/",
                fields("Taken over", "By someone else", "published", "save", "version", "0"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(submit(other, "/blog/article/" + id + "/delete/", Map.of()).statusCode()).isEqualTo(403);

        var admin = signIn(Accounts.ADMIN, Accounts.adminPassword());
        assertThat(submit(admin, "/blog/article/" + id + "/edit/",
                fields("Moderated", "By the admin", "published", "save", "version", "0")).statusCode()).isEqualTo(303);
        given().get("/api/articles/" + id).then().body("author", org.hamcrest.Matchers.equalTo(AUTHOR));
    }

    @Test
    void deletingAsksFirstThenRemovesIt() {
        var session = signIn(AUTHOR);
        long id = Articles.create("To go", "Soon gone", AUTHOR);

        var confirm = Forms.open("/blog/article/" + id + "/delete/", session);
        assertThat(confirm.html()).contains("To go");
        given().get("/api/articles/" + id).then().statusCode(200);
        var deleted = post(confirm, session, "/blog/article/" + id + "/delete/", Map.of());

        assertThat(deleted.statusCode()).isEqualTo(303);
        given().get("/api/articles/" + id).then().statusCode(404);
    }

    @Test
    void aSaveAfterTheSignInEndedKeepsTheText() {
        var session = signIn(AUTHOR);
        var form = Forms.open("/blog/new/", session);
        var signedOut = new HashMap<>(session);
        signedOut.remove(SessionCookie.NAME);

        var response = post(form, signedOut, "/blog/new/", fields("Late", "An hour of writing", "published", "save"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Jsoup.parse(response.asString()).select("textarea[name=content]").text()).isEqualTo("An hour of writing");
        assertThat(given().get("/api/articles").jsonPath().getList("items")).isEmpty();
    }

    @Test
    void theEditorsFormNeedsItsToken() {
        var session = signIn(AUTHOR);

        var response = given().cookies(session).contentType(ContentType.URLENC).accept("text/html")
                .formParams(fields("No token", "x", "published", "save")).post("/blog/new/").then().extract();

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(given().get("/api/articles").jsonPath().getList("items")).isEmpty();
    }

    private static Map<String, String> fields(String title, String content, String status, String action, String... more) {
        var fields = new HashMap<>(Map.of("title", title, "content", content, "status", status, "action", action));
        for (int i = 0; i < more.length; i += 2) {
            fields.put(more[i], more[i + 1]);
        }
        return fields;
    }

    /** Opens {@code path}'s form page first, as a browser does, then sends it. */
    private static ExtractableResponse<Response> submit(Map<String, String> session, String path, Map<String, String> fields) {
        var page = path.endsWith("/delete/") || path.endsWith("/edit/") ? path : "/blog/new/";
        var status = given().cookies(session).redirects().follow(false).get(page).statusCode();
        var form = status == 200 ? Forms.open(page, session) : Forms.open("/blog/login/", session);
        return post(form, session, path, fields);
    }

    private static ExtractableResponse<Response> post(Forms form, Map<String, String> session, String path,
            Map<String, String> fields) {
        return form.post().cookies(withoutCsrf(session)).formParams(fields).post(path).then().extract();
    }

    private static Map<String, String> withoutCsrf(Map<String, String> session) {
        var cookies = new HashMap<>(session);
        cookies.remove(Forms.CSRF);
        return cookies;
    }

    static Map<String, String> signIn(String name) {
        return signIn(name, Accounts.AUTHOR_PASSWORD);
    }

    static Map<String, String> signIn(String name, String password) {
        var form = Forms.open("/blog/login/");
        var response = form.post().formParams(Map.of("name", name, "password", password)).post("/blog/login/")
                .then().statusCode(303).extract();
        return Map.of(SessionCookie.NAME, response.cookie(SessionCookie.NAME), Forms.CSRF, form.cookie());
    }
}
