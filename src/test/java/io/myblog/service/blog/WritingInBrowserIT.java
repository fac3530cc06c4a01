package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.HeadlessChromium;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * An author in a real browser against the packaged jar: signs in, writes Markdown, previews, saves a draft nobody else
 * can read, publishes it, finds it on the index and in the feed, edits it, runs into someone else's save, signs out.
 * The editor's and the written article's screenshots land in target/browser/ (docs/ carries copies).
 */
@QuarkusIntegrationTest
@WithTestResource(MariaDbTestResource.class)
class WritingInBrowserIT {

    private static final String AUTHOR = "walker";
    private static final String TITLE = "Rolling updates without a dropped request";
    private static final String MARKDOWN = """
            ## Why maxUnavailable is 0

            | setting | value |
            |---|---|
            | maxUnavailable | 0 |
            | maxSurge | 1 |

            A new pod must be ready before an old one goes (see [the Deployment docs](https://kubernetes.io/docs/concepts/workloads/controllers/deployment/)):

            ```yaml
            strategy:
              rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
            ```
            """;
    private static final String MY_EDIT = "\nA readiness gate closes the gap.";

    @RegisterExtension
    static final HeadlessChromium CHROMIUM = new HeadlessChromium();

    @Test
    void anAuthorWritesPreviewsDraftsPublishesEditsAndSignsOut() throws IOException {
        // Given an author account
        Articles.awaitReady();
        Accounts.author(AUTHOR);

        // When the author opens the editor, it asks for a sign-in first, then leads back to it
        CHROMIUM.browser().get(HeadlessChromium.url("/blog/new/"));
        awaitPath("/blog/login/");
        CHROMIUM.browser().findElement(By.id("name")).sendKeys(AUTHOR);
        CHROMIUM.browser().findElement(By.id("password")).sendKeys(Accounts.AUTHOR_PASSWORD);
        CHROMIUM.browser().findElement(By.cssSelector("form button[type=submit]")).click();
        awaitPath("/blog/new/");

        // And writes Markdown and previews it, rendered by the service
        CHROMIUM.browser().findElement(By.id("title")).sendKeys(TITLE);
        CHROMIUM.browser().findElement(By.id("content")).sendKeys(MARKDOWN);
        CHROMIUM.browser().findElement(By.id("preview")).click();
        await("the preview").atMost(HeadlessChromium.PAGE_WITHIN)
                .until(() -> !CHROMIUM.browser().findElements(By.cssSelector(".preview h2#why-maxunavailable-is-0")).isEmpty());
        assertThat(texts(".preview td")).containsExactly("maxUnavailable", "0", "maxSurge", "1");
        assertThat(CHROMIUM.browser().findElement(By.cssSelector(".preview pre code")).getText()).contains("maxUnavailable: 0");
        assertThat(CHROMIUM.browser().findElement(By.linkText("the Deployment docs")).getAttribute("href"))
                .startsWith("https://kubernetes.io/docs/");
        assertThat(CHROMIUM.browser().findElement(By.id("content")).getAttribute("value")).isEqualTo(MARKDOWN);
        assertNoScript();
        CHROMIUM.browser().manage().window().setSize(new Dimension(1280, 1900)); // the whole editor, its preview included
        HeadlessChromium.screenshot(CHROMIUM.browser(), "editor.png");
        CHROMIUM.browser().manage().window().setSize(new Dimension(1280, 900));

        // And saves it as a draft (the editor's default): the author reads it, an anonymous reader gets 404
        assertThat(CHROMIUM.browser().findElement(By.cssSelector("input[name=status][value=draft]")).isSelected()).isTrue();
        CHROMIUM.browser().findElement(By.id("save")).click();
        await("the article page").atMost(HeadlessChromium.PAGE_WITHIN)
                .until(() -> CHROMIUM.browser().getCurrentUrl().matches(".*/blog/article/\\d+/$"));
        var page = CHROMIUM.browser().getCurrentUrl();
        long id = Long.parseLong(page.replaceAll(".*/blog/article/(\\d+)/$", "$1"));
        assertThat(CHROMIUM.browser().findElement(By.cssSelector("p.draft")).getText()).startsWith("Draft");
        given().accept("text/html").get("/blog/article/" + id + "/").then().statusCode(404);
        given().get("/api/articles/" + id).then().statusCode(404);

        // When the author publishes it through the editor
        CHROMIUM.browser().findElement(By.linkText("Edit")).click();
        awaitPath("/blog/article/" + id + "/edit/");
        CHROMIUM.browser().findElement(By.cssSelector("input[name=status][value=published]")).click();
        CHROMIUM.browser().findElement(By.id("save")).click();
        awaitPath("/blog/article/" + id + "/");

        // Then it is on the index and in the feed
        assertThat(CHROMIUM.browser().findElements(By.cssSelector("p.draft"))).isEmpty();
        assertThat(CHROMIUM.browser().findElement(By.cssSelector(".content h2")).getText()).isEqualTo("Why maxUnavailable is 0");
        HeadlessChromium.screenshot(CHROMIUM.browser(), "written-article.png");
        CHROMIUM.browser().get(HeadlessChromium.url("/blog/index/"));
        assertThat(texts("article.summary a.title")).contains(TITLE);
        assertThat(given().get("/blog/feed/").then().statusCode(200).extract().asString()).contains(TITLE);

        // When the author edits it while someone else saves through the API
        CHROMIUM.browser().get(HeadlessChromium.url("/blog/article/" + id + "/edit/"));
        CHROMIUM.browser().findElement(By.id("content")).sendKeys(MY_EDIT);
        long version = given().get("/api/articles/" + id).jsonPath().getLong("version");
        Accounts.as(AUTHOR).contentType(ContentType.JSON)
                .body(Map.of("title", TITLE, "content", "## Saved elsewhere\n\nMeanwhile.", "version", version))
                .put("/api/articles/" + id).then().statusCode(200);
        CHROMIUM.browser().findElement(By.id("save")).click();

        // Then the editor shows their version and keeps the author's text; saving again knowingly replaces theirs
        await("the stale edit").atMost(HeadlessChromium.PAGE_WITHIN)
                .until(() -> !CHROMIUM.browser().findElements(By.cssSelector(".conflict .theirs h2")).isEmpty());
        assertThat(CHROMIUM.browser().findElement(By.cssSelector(".conflict .theirs h2")).getText()).isEqualTo("Saved elsewhere");
        assertThat(CHROMIUM.browser().findElement(By.id("content")).getAttribute("value")).isEqualTo(MARKDOWN + MY_EDIT);
        CHROMIUM.browser().manage().window().setSize(new Dimension(1280, 1600));
        HeadlessChromium.screenshot(CHROMIUM.browser(), "stale-edit.png");
        CHROMIUM.browser().manage().window().setSize(new Dimension(1280, 900));
        CHROMIUM.browser().findElement(By.id("save")).click();
        awaitPath("/blog/article/" + id + "/");
        assertThat(given().get("/api/articles/" + id).jsonPath().getString("content")).isEqualTo(MARKDOWN + MY_EDIT);

        // When the author signs out, the editor asks for a sign-in again
        CHROMIUM.browser().get(HeadlessChromium.url("/blog/logout/"));
        CHROMIUM.browser().findElement(By.cssSelector("form button[type=submit]")).click();
        awaitPath("/blog/index/");
        CHROMIUM.browser().get(HeadlessChromium.url("/blog/article/" + id + "/edit/"));
        awaitPath("/blog/login/");
    }

    private static java.util.List<String> texts(String css) {
        return CHROMIUM.browser().findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    /** Waits for the browser to be at {@code path}; when it is not, says where it is and what the page says. */
    private static void awaitPath(String path) {
        try {
            await("the page " + path).atMost(HeadlessChromium.PAGE_WITHIN)
                    .until(() -> java.net.URI.create(CHROMIUM.browser().getCurrentUrl()).getPath().equals(path));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("expected " + path + ", at " + CHROMIUM.browser().getCurrentUrl() + ": "
                    + CHROMIUM.browser().findElement(By.tagName("main")).getText(), e);
        }
    }

    /** The CSP forbids inline scripts and the pages need none: no script element on any of them. */
    private static void assertNoScript() {
        assertThat(((JavascriptExecutor) CHROMIUM.browser()).executeScript("return document.scripts.length;")).isEqualTo(0L);
    }
}
