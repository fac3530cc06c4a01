package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pages a reader opens: the index with its paging and search, an article, and errors as pages. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class BlogPagesTest {

    private static final String INDEX = "/blog/index/";
    private static final String HTML = "text/html;charset=UTF-8";
    /** What a browser sends when it opens a page. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final String PROBLEM = "application/problem+json";
    private static final Pattern ARTICLE_LINK = Pattern.compile("href=\"/blog/article/(\\d+)/\"");
    private static final Pattern OLDER_LINK = Pattern.compile("class=\"older\" rel=\"next\" href=\"([^\"]+)\"");
    private static final Pattern NEWEST_LINK = Pattern.compile("class=\"newest\" rel=\"first\" href=\"([^\"]+)\"");

    @Inject
    BlogIndexCache indexCache;

    @Inject
    BlogSettings settings;

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        indexCache.invalidate(); // the table was emptied behind the service's back
    }

    @Test
    void showsAnArticleWithItsParagraphsAndLineBreaks() {
        long id = Articles.create("Probes that tell the truth", "First paragraph,\nsecond line.\n\n\nSecond paragraph.", "alice");

        given().get("/blog/article/" + id + "/").then().statusCode(200)
                .contentType(HTML)
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("<h1 class=\"title\">Probes that tell the truth</h1>"))
                .body(containsString("<span class=\"author\">alice</span>"))
                .body(containsString("<p>First paragraph,<br>second line.</p>"))
                .body(containsString("<p>Second paragraph.</p>"));
    }

    @Test
    void listsTitleAuthorDateAndAShortExcerptLinkingToTheArticlePage() {
        var longContent = "word ".repeat(100) + "THE-END";
        long id = Articles.create("An index entry", longContent, "bob");

        var page = given().get(INDEX).then().statusCode(200).contentType(HTML).extract().asString();

        assertThat(page).contains("<a class=\"title\" href=\"/blog/article/" + id + "/\">An index entry</a>")
                .contains("<span class=\"author\">bob</span>")
                .containsPattern("<time datetime=\"[0-9T:.Z-]+\">\\d{4}-\\d{2}-\\d{2}</time>")
                .contains("word word")
                .contains("…")
                .doesNotContain("THE-END");
    }

    @Test
    void neverLetsMarkupFromTitleAuthorOrContentThrough() {
        var title = "<script>alert('title')</script>";
        var content = "<script>document.title = 'owned'</script>\n<img src=x onerror=alert(1)>";
        long id = Articles.create(title, content, "mallory");
        setLegacyAuthor(id, "<b>mallory</b>");

        for (var path : List.of(INDEX, "/blog/article/" + id + "/")) {
            var page = given().get(path).then().statusCode(200).extract().asString();
            assertThat(page).as(path)
                    .doesNotContainIgnoringCase("<script")
                    .doesNotContainIgnoringCase("<img")
                    .doesNotContain("<b>mallory</b>")
                    .contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;")
                    .contains("&lt;b&gt;mallory&lt;/b&gt;");
        }
        given().get("/blog/article/" + id + "/").then()
                // each line an HTML block in Markdown, shown as text
                .body(containsString("<p>&lt;script&gt;document.title = 'owned'&lt;/script&gt;</p>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>"));
    }

    @Test
    void roundTripsChineseIntoBothPages() {
        var title = "你好，Kubernetes";
        var content = "从 Django 到 Quarkus：同一个博客。\n\n第二段 🚀";
        long id = Articles.create(title, content, "xiaoming");
        setLegacyAuthor(id, "小明");

        given().get(INDEX).then().statusCode(200).contentType(HTML)
                .body(containsString(title)).body(containsString("小明")).body(containsString("从 Django 到 Quarkus：同一个博客。 第二段 🚀"));
        given().get("/blog/article/" + id + "/").then().statusCode(200).contentType(HTML)
                .body(containsString("<title>" + title + " · myblog</title>"))
                .body(containsString("<p>从 Django 到 Quarkus：同一个博客。</p>"))
                .body(containsString("<p>第二段 🚀</p>"));
        given().queryParam("q", "你好").get(INDEX).then().statusCode(200).body(containsString(title));
    }

    @Test
    void olderLinksWalkEveryArticleOnceInOrderAndNewestLeadsBack() {
        // Given more articles than fit on three pages
        var created = new ArrayList<Long>();
        for (int i = 1; i <= 2 * BlogIndexPage.SIZE + 3; i++) {
            created.add(Articles.create("Walk " + i, "Body " + i, "walker"));
        }
        var newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);

        // When a reader follows "older" from the first page to the last
        var seen = new ArrayList<Long>();
        var pages = new ArrayList<String>();
        String path = INDEX;
        while (path != null) {
            pages.add(path);
            var page = given().urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asString();
            ARTICLE_LINK.matcher(page).results().map(m -> Long.parseLong(m.group(1))).forEach(seen::add);
            path = link(OLDER_LINK, page);
        }

        // Then every article was listed exactly once, newest first, and each later page leads back to the newest
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(pages).hasSize(3);
        assertThat(pages.get(1)).startsWith(INDEX + "?cursor=");
        assertThat(link(NEWEST_LINK, given().get(INDEX).asString())).isNull();
        for (var later : pages.subList(1, pages.size())) {
            assertThat(link(NEWEST_LINK, given().urlEncodingEnabled(false).get(later).asString())).isEqualTo(INDEX);
        }
    }

    @Test
    void searchKeepsItsQueryAcrossPages() {
        for (int i = 1; i <= BlogIndexPage.SIZE + 2; i++) {
            Articles.create("Kubernetes note " + i, "Body", "kim");
            Articles.create("Other " + i, "Body", "kim");
        }

        var first = given().queryParam("q", "kubernetes note").get(INDEX).then().statusCode(200)
                .body(containsString("value=\"kubernetes note\""))
                .body(not(containsString("Other ")))
                .extract().asString();
        var older = link(OLDER_LINK, first);
        assertThat(older).startsWith("/blog/index/?cursor=").endsWith("&q=kubernetes+note");
        given().urlEncodingEnabled(false).get(older).then().statusCode(200) // the link as a browser sends it
                .body(containsString("Kubernetes note 2<")).body(containsString("Kubernetes note 1<"))
                .body(not(containsString("Other ")));
        given().queryParam("q", "nothing like this").get(INDEX).then().statusCode(200)
                .body(containsString("No article title contains “nothing like this”."));
    }

    @Test
    void indexMayBeCachedForItsInMemoryMaxAge() {
        given().get(INDEX).then().statusCode(200)
                .header("Cache-Control", containsString("max-age=" + settings.indexMaxAge().toSeconds()));
    }

    @Test
    void stylesheetIsAFileOfTheServiceAndPagesCarryNoInlineStyleOrScript() {
        long id = Articles.create("Styled", "Body", "sam");

        given().get("/blog/static/blog.css").then().statusCode(200).contentType(startsWith("text/css"));
        for (var path : List.of(INDEX, "/blog/article/" + id + "/", "/blog/article/987654321/")) {
            var page = given().accept(BROWSER_ACCEPT).get(path).asString();
            assertThat(page).as(path)
                    .contains("<link rel=\"stylesheet\" href=\"/blog/static/blog.css\">")
                    .doesNotContainIgnoringCase("<style")
                    .doesNotContainIgnoringCase(" style=")
                    .doesNotContainIgnoringCase("<script");
        }
    }

    @Test
    void unknownArticleIsAnHtmlPageForBrowsersAndAProblemForApiClients() {
        for (var path : List.of("/blog/article/987654321/", "/api/articles/987654321")) {
            given().accept(BROWSER_ACCEPT).get(path).then().statusCode(404)
                    .contentType(HTML)
                    .header("Vary", containsString("Accept"))
                    .body(containsString("<h1>404 Not Found</h1>"))
                    .body(containsString("No article with id 987654321."))
                    .body(containsString("href=\"/blog/index/\""));
            given().get(path).then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404)); // Accept: */*
        }
        given().accept("application/json").get("/api/articles/987654321").then().statusCode(404).contentType(PROBLEM);
        given().accept(BROWSER_ACCEPT).get("/blog/article/not-a-number/").then().statusCode(404).contentType(HTML);
    }

    @Test
    void aTamperedCursorIsA400PageForBrowsersAndAProblemForOthers() {
        given().accept(BROWSER_ACCEPT).get(INDEX + "?cursor=not-a-cursor").then().statusCode(400)
                .contentType(HTML).body(containsString("<code>cursor</code>"));
        given().get(INDEX + "?cursor=not-a-cursor").then().statusCode(400).contentType(PROBLEM);
    }

    private static String link(Pattern pattern, String page) {
        var matcher = pattern.matcher(page);
        return matcher.find() ? matcher.group(1).replace("&amp;", "&") : null;
    }

    /**
     * Account names are plain lower-case words, but articles written before accounts existed keep the free-text
     * author they were posted with; the pages must show such an author as text too.
     */
    private void setLegacyAuthor(long id, String author) {
        MariaDbServer.get().execute("UPDATE " + MariaDbServer.DATABASE + ".article SET author = '" + author
                + "' WHERE id = " + id);
        indexCache.invalidate(); // changed behind the service's back
    }
}
