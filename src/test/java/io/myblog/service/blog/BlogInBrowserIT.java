package io.myblog.service.blog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.myblog.support.Articles;
import io.myblog.support.HeadlessChromium;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * A reader in a real browser (Debian's headless Chromium, driven through its chromedriver) against the packaged jar:
 * index → article, text read from the rendered DOM. Screenshots land in target/browser/ for a human to look at.
 */
@QuarkusIntegrationTest
@WithTestResource(MariaDbTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the reader's walk first: its screenshots show only its articles
class BlogInBrowserIT {

    private static final Duration PAGE_WITHIN = HeadlessChromium.PAGE_WITHIN;

    private static final String CHINESE_TITLE = "你好，Kubernetes";
    private static final String CHINESE_FIRST = "从 Django 到 Quarkus：同一个博客，跑在 Kubernetes 上。";
    private static final String CHINESE_SECOND = "文章用 Qute 模板渲染，标题和正文都经过转义。";
    /** Each script or handler in the tests' markup would set this global if it ever ran. */
    private static final String RAN = "window.injected = 1";
    private static final String SCRIPT_TITLE = "<script>" + RAN + "</script> is only text here";

    private static final String MARKDOWN = """
            ## What the probes ask

            | probe | checks |
            |---|---|
            | `/q/health/live` | the process |
            | `/q/health/ready` | the database |

            A database outage takes the pod out of the Service, it never restarts it (see
            [the Kubernetes docs](https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/)):

            ```yaml
            readinessProbe:
              httpGet: {path: /q/health/ready, port: 9000}
            ```

            ~~One probe for all~~ Three probes, **three questions**.
            """;

    @RegisterExtension
    static final HeadlessChromium CHROMIUM = new HeadlessChromium();

    @Test
    @Order(1)
    void aReaderOpensTheIndexFollowsAnArticleAndReadsIt() throws IOException {
        // Given a few articles, the Chinese one the newest, and no others (the API tests share this database)
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        Articles.create("Probes that tell the truth", "Liveness ignores the database; readiness does not.\n\n"
                + "A database outage never restarts a pod: it takes the pod out of the Service until MySQL answers again.",
                "myblog");
        Articles.create(SCRIPT_TITLE, "<img src=x onerror=\"" + RAN + "\">\nMarkup in an article stays text.",
                "mallory");
        long chinese = Articles.create(CHINESE_TITLE, CHINESE_FIRST + "\n\n" + CHINESE_SECOND, "xiaoming");

        // When a reader opens the index
        CHROMIUM.browser().get(url("/blog/index/"));

        // Then the titles are there as text, the script in one of them did not run, and the Chinese title is drawn
        assertThat(CHROMIUM.browser().getTitle()).isEqualTo("myblog");
        var titles = CHROMIUM.browser().findElements(By.cssSelector("article.summary a.title")).stream().map(WebElement::getText).toList();
        assertThat(titles).startsWith(CHINESE_TITLE, SCRIPT_TITLE, "Probes that tell the truth");
        var chineseLink = CHROMIUM.browser().findElement(By.linkText(CHINESE_TITLE));
        assertThat(chineseLink.getSize().getWidth()).as("rendered width of the Chinese title").isGreaterThan(50);
        assertNoScriptRan();
        screenshot("index.png");

        // When the reader follows the Chinese article's link
        chineseLink.click();
        await("the article page").atMost(PAGE_WITHIN)
                .until(() -> CHROMIUM.browser().getCurrentUrl().endsWith("/blog/article/" + chinese + "/"));

        // Then its title, author and both paragraphs are read from the rendered page
        assertThat(CHROMIUM.browser().getTitle()).isEqualTo(CHINESE_TITLE + " · myblog");
        assertThat(CHROMIUM.browser().findElement(By.cssSelector("h1.title")).getText()).isEqualTo(CHINESE_TITLE);
        assertThat(CHROMIUM.browser().findElement(By.cssSelector(".meta .author")).getText()).isEqualTo("xiaoming");
        var paragraphs = CHROMIUM.browser().findElements(By.cssSelector(".content p")).stream().map(WebElement::getText).toList();
        assertThat(paragraphs).containsExactly(CHINESE_FIRST, CHINESE_SECOND);
        screenshot("article.png");

        // And on a phone-sized window the same page needs no sideways scrolling
        CHROMIUM.browser().manage().window().setSize(new Dimension(390, 844));
        CHROMIUM.browser().navigate().refresh();
        long overflow = (Long) ((JavascriptExecutor) CHROMIUM.browser())
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("horizontal overflow on a phone, in CSS pixels").isLessThanOrEqualTo(0);
        screenshot("article-phone.png");
        CHROMIUM.browser().manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    @Order(2)
    void aMarkdownArticleReadsAsATechnicalArticle() throws IOException {
        Articles.awaitReady();
        long id = Articles.create("Readiness, in Markdown", MARKDOWN, "myblog");

        CHROMIUM.browser().get(url("/blog/article/" + id + "/"));

        assertThat(CHROMIUM.browser().findElement(By.cssSelector(".content h2")).getText()).isEqualTo("What the probes ask");
        assertThat(CHROMIUM.browser().findElement(By.cssSelector(".content h2")).getAttribute("id")).isEqualTo("what-the-probes-ask");
        assertThat(CHROMIUM.browser().findElements(By.cssSelector(".content td")).stream().map(WebElement::getText))
                .containsExactly("/q/health/live", "the process", "/q/health/ready", "the database");
        assertThat(CHROMIUM.browser().findElement(By.cssSelector(".content pre code")).getText())
                .isEqualTo("readinessProbe:\n  httpGet: {path: /q/health/ready, port: 9000}");
        assertThat(CHROMIUM.browser().findElement(By.linkText("the Kubernetes docs")).getAttribute("href"))
                .isEqualTo("https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/");
        assertNoScriptRan();
        screenshot("markdown-article.png");
    }

    @Test
    void markupInAnArticleIsShownAsTextAndNeverRuns() throws IOException {
        Articles.awaitReady();
        long id = Articles.create(SCRIPT_TITLE, "<script>" + RAN + "</script>\n\n<b>not bold</b> <img src=x onerror=\""
                + RAN + "\"> [click](javascript:alert(1)) ![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
                "mallory");

        CHROMIUM.browser().get(url("/blog/article/" + id + "/"));

        assertThat(CHROMIUM.browser().findElement(By.cssSelector("h1.title")).getText()).isEqualTo(SCRIPT_TITLE);
        var paragraphs = CHROMIUM.browser().findElements(By.cssSelector(".content p")).stream().map(WebElement::getText).toList();
        assertThat(paragraphs.get(0)).isEqualTo("<script>" + RAN + "</script>");
        assertThat(paragraphs.get(1)).startsWith("<b>not bold</b> <img src=x onerror=\"" + RAN + "\"> click");
        assertThat(CHROMIUM.browser().findElements(By.cssSelector(".content b, .content script, .content svg"))).isEmpty();
        CHROMIUM.browser().findElement(By.linkText("click")).click(); // its javascript: URL was dropped: nothing runs
        assertNoScriptRan();
    }

    @Test
    void anUnknownArticleIsAPageWithAWayBack() throws IOException {
        CHROMIUM.browser().get(url("/blog/article/987654321/"));

        assertThat(CHROMIUM.browser().findElement(By.tagName("h1")).getText()).isEqualTo("404 Not Found");
        assertThat(CHROMIUM.browser().findElement(By.cssSelector(".problem .detail")).getText()).isEqualTo("No article with id 987654321.");
        screenshot("not-found.png");
        CHROMIUM.browser().findElement(By.linkText("← Back to the blog")).click();
        await("the index").atMost(PAGE_WITHIN).until(() -> CHROMIUM.browser().getCurrentUrl().endsWith("/blog/index/"));
    }

    private static void assertNoScriptRan() {
        assertThat(((JavascriptExecutor) CHROMIUM.browser()).executeScript("return typeof window.injected;")).isEqualTo("undefined");
        assertThatThrownBy(() -> CHROMIUM.browser().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        Object scripts = ((JavascriptExecutor) CHROMIUM.browser()).executeScript("return document.scripts.length;");
        assertThat(scripts).isEqualTo(0L);
    }

    private static void screenshot(String name) throws IOException {
        HeadlessChromium.screenshot(CHROMIUM.browser(), name);
    }

    private static String url(String path) {
        return HeadlessChromium.url(path);
    }
}
