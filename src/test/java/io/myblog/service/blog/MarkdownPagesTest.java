package io.myblog.service.blog;

import static io.myblog.service.blog.markdown.HostileMarkup.assertNothingActive;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.MeterRegistry;
import io.myblog.service.blog.markdown.RenderedArticles;
import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Articles are Markdown: rendered on their page once per version, as plain text on the index, nothing active. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class MarkdownPagesTest {

    private static final String INDEX = "/blog/index/";
    private static final String AUTHOR = "marta";
    private static final String TECHNICAL = """
            ## Probes that tell the truth

            | probe | port |
            |---|---|
            | ready | 9000 |

            Read [the docs](https://kubernetes.io/docs/).

            ```yaml
            readinessProbe: {}
            ```
            """;
    private static final String HOSTILE = """
            <script>document.title = 'owned'</script>

            <img src=x onerror=alert(1)> [click](javascript:alert(1)) ![pixel](data:image/svg+xml,<svg onload=alert(1)>)
            &lt;script&gt;alert(2)&lt;/script&gt;

            """ + "*a ".repeat(10_000) + "x" + " a*".repeat(10_000);
    /** One line as long as an article may be (ArticleInput.CONTENT_MAX), of hostile pieces. */
    private static final String LONG_LINE = "<img src=x onerror=alert(1)>[a](javascript:x)*_<".repeat(3_000)
            .substring(0, ArticleInput.CONTENT_MAX);
    /** Far above what a page takes; only a runaway render reaches it. */
    private static final Duration RUNAWAY = Duration.ofSeconds(10);

    @Inject
    BlogIndexCache indexCache;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        indexCache.invalidate();
    }

    @Test
    void anArticlePageShowsItsMarkdownRendered() {
        long id = Articles.create("Probes", TECHNICAL, AUTHOR);

        var content = page("/blog/article/" + id + "/").selectFirst(".content");

        assertThat(content.select("h2#probes-that-tell-the-truth").text()).isEqualTo("Probes that tell the truth");
        assertThat(content.select("table td").eachText()).containsExactly("ready", "9000");
        assertThat(content.select("a").attr("href")).isEqualTo("https://kubernetes.io/docs/");
        assertThat(content.select("pre > code").text()).isEqualTo("readinessProbe: {}");
    }

    @Test
    void hostileMarkdownPutsNothingActiveOnTheArticlePageOrTheIndex() {
        long id = Articles.create("Hostile", HOSTILE, AUTHOR);
        long longLine = Articles.create("Long line", LONG_LINE, AUTHOR);

        for (var path : new String[] {"/blog/article/" + id + "/", "/blog/article/" + longLine + "/", INDEX}) {
            var page = assertTimeoutPreemptively(RUNAWAY, () -> page(path));
            assertThat(page.select("script, iframe, object, embed, svg")).as(path).isEmpty();
            assertThat(page.select("[onerror], [onload], [onclick]")).as(path).isEmpty();
            page.select(".content, .excerpt").forEach(io.myblog.service.blog.markdown.HostileMarkup::assertNothingActive);
        }
        var content = page("/blog/article/" + id + "/").selectFirst(".content");
        assertNothingActive(content);
        assertThat(content.text()).contains("<script>document.title = 'owned'</script>", "<img src=x onerror=alert(1)>",
                "<script>alert(2)</script>");
    }

    @Test
    void theIndexShowsThePlainTextOfTheRenderedArticle() {
        Articles.create("Plain", "# Heading\n\nSome **bold** and [a link](https://example.com) `code`", AUTHOR);

        var excerpt = page(INDEX).selectFirst(".excerpt").text();

        assertThat(excerpt).isEqualTo("Heading Some bold and a link code");
    }

    @Test
    void anArticleIsRenderedOncePerVersion() {
        long id = Articles.create("Once", TECHNICAL, AUTHOR);
        double before = renders();

        // When the page is read twice, by readers without a copy
        page("/blog/article/" + id + "/");
        page("/blog/article/" + id + "/");

        // Then it was rendered once
        assertThat(renders() - before).isEqualTo(1);

        // And an edit (a new version) renders it once more, however often it is read
        Accounts.as(AUTHOR).contentType(ContentType.JSON)
                .body(Map.of("title", "Once", "content", TECHNICAL + "\nMore.", "version", 0))
                .put("/api/articles/" + id).then().statusCode(200);
        assertThat(page("/blog/article/" + id + "/").text()).contains("More.");
        page("/blog/article/" + id + "/");
        assertThat(renders() - before).isEqualTo(2);
    }

    @Test
    void pagesCarryTheirCanonicalUrlADescriptionAndTheFeed() {
        long id = Articles.create("Canonical", TECHNICAL, AUTHOR);
        var origin = "http://localhost:" + RestAssured.port;

        var article = page("/blog/article/" + id + "/");
        var index = page(INDEX);

        assertThat(article.select("link[rel=canonical]").attr("href")).isEqualTo(origin + "/blog/article/" + id + "/");
        assertThat(article.select("meta[name=description]").attr("content"))
                .isEqualTo("Probes that tell the truth probe port ready 9000 Read the docs. readinessProbe: {}");
        assertThat(index.select("link[rel=canonical]").attr("href")).isEqualTo(origin + INDEX);
        assertThat(index.select("meta[name=description]").attr("content")).isNotBlank();
        for (var page : new Document[] {article, index}) {
            assertThat(page.select("link[rel=alternate][type=application/atom+xml]").attr("href")).isEqualTo("/blog/feed/");
        }
    }

    @Test
    void theIndexFromMemoryCarriesTheHostOfEachRequest() {
        Articles.create("Hosts", TECHNICAL, AUTHOR);

        // When two hosts read the first page within its max age (so from memory)
        var first = given().header("Host", "first.example").get(INDEX).then().statusCode(200).extract().asString();
        var second = given().header("Host", "second.example").get(INDEX).then().statusCode(200).extract().asString();

        // Then each page names its own host, never the one the page was rendered for
        assertThat(Jsoup.parse(first).select("link[rel=canonical]").attr("href")).isEqualTo("http://first.example" + INDEX);
        assertThat(Jsoup.parse(second).select("link[rel=canonical]").attr("href"))
                .isEqualTo("http://second.example" + INDEX);
    }

    @Test
    void aHostThatIsNoHostNameIsABadRequest() {
        given().header("Host", "evil.example\"><b>x").get(INDEX).then().statusCode(400);
    }

    private static Document page(String path) {
        return Jsoup.parse(given().get(path).then().statusCode(200).extract().asString());
    }

    private double renders() {
        return registry.get(RenderedArticles.RENDERS).tag("of", "article").counter().count();
    }
}
