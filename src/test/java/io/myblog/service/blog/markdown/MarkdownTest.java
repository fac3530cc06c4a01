package io.myblog.service.blog.markdown;

import static io.myblog.service.blog.markdown.HostileMarkup.assertNothingActive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** Markdown as a reader gets it, and hostile Markdown as an author could send it. */
class MarkdownTest {

    /** Far above the few milliseconds each takes; only a runaway (exponential, unbounded recursion) reaches it. */
    private static final Duration RUNAWAY = Duration.ofSeconds(5);

    private final Markdown markdown = new Markdown();

    private Element render(String source) {
        return Jsoup.parseBodyFragment(markdown.render(source).html()).body();
    }

    @Test
    void rendersHeadingsWithAnchorsTablesStrikethroughCodeAndLinks() {
        var page = render("""
                ## Probes that tell the truth

                | probe | port |
                |---|---|
                | ready | 9000 |

                ~~old~~ new, `inline`, **bold** and [the docs](https://kubernetes.io/docs/) or www.example.com

                ```java
                var x = 1 < 2;
                ```
                """);

        assertThat(page.select("h2#probes-that-tell-the-truth").text()).isEqualTo("Probes that tell the truth");
        assertThat(page.select("table th").eachText()).containsExactly("probe", "port");
        assertThat(page.select("table td").eachText()).containsExactly("ready", "9000");
        assertThat(page.select("del").text()).isEqualTo("old");
        assertThat(page.select("a").eachAttr("href")).containsExactly("https://kubernetes.io/docs/", "http://www.example.com");
        assertThat(page.select("pre > code.language-java").text()).isEqualTo("var x = 1 < 2;");
    }

    @Test
    void plainTextArticlesReadAsBeforeMarkdown() {
        var html = markdown.render("First paragraph,\nsecond line.\n\n\nSecond paragraph.").html();

        assertThat(html).isEqualTo("<p>First paragraph,<br>second line.</p>\n<p>Second paragraph.</p>\n");
    }

    @Test
    void rawHtmlShowsAsText() {
        var source = "<script>alert(1)</script>\n\nhi <img src=x onerror=alert(2)> <b onclick=x>b</b>\n\n<iframe src=//evil>";
        var page = render(source);

        assertNothingActive(page);
        assertThat(page.select("script, img, b, iframe")).isEmpty();
        assertThat(page.text()).contains("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<iframe src=//evil>");
    }

    @Test
    void linksAndImagesOnlyUseHttpHttpsMailtoOrARelativeUrl() {
        var page = render("""
                [a](javascript:alert(1)) [b](JavaScript:alert(1)) [c]( javascript:alert(1)) [d](java&#x73;cript:alert(1))
                [e](vbscript:x) [f](data:text/html;base64,PHNjcmlwdD4=) ![g](data:image/svg+xml,<svg onload=alert(1)>)
                ![h](javascript:alert(1)) <javascript:alert(1)> [i](file:///etc/passwd)
                [ok1](https://example.com/x) [ok2](mailto:alice@example.com) [ok3](/blog/article/1/) [ok4](#section)
                ![ok5](/blog/static/a.png)
                """);

        assertNothingActive(page);
        assertThat(page.select("a[href], img[src]").stream().map(e -> e.hasAttr("href") ? e.attr("href") : e.attr("src"))
                .filter(url -> !url.isEmpty()))
                .containsExactly("https://example.com/x", "mailto:alice@example.com", "/blog/article/1/", "#section",
                        "/blog/static/a.png");
    }

    @Test
    void entitiesStayText() {
        var page = render("&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; &amp;lt;b&amp;gt;");

        assertNothingActive(page);
        assertThat(page.select("script, img")).isEmpty();
        assertThat(page.text()).isEqualTo("<script>alert(1)</script> <img src=x onerror=alert(1)> &lt;b&gt;");
    }

    @Test
    void emphasisNestedTenThousandDeepEndsQuicklyAndShallow() {
        var source = "*a ".repeat(10_000) + "x" + " a*".repeat(10_000);

        var page = assertTimeoutPreemptively(RUNAWAY, () -> render(source));

        assertNothingActive(page);
        assertThat(depth(page)).as("nesting the page gets").isLessThanOrEqualTo(200);
        assertThat(page.text()).contains("x");
    }

    @Test
    void blockquotesAndLinksNestedTenThousandDeepEndQuicklyAndShallow() {
        var quotes = "> ".repeat(10_000) + "deep";
        var links = "[a ".repeat(10_000) + "x" + "](/y)".repeat(10_000);

        for (var source : new String[] {quotes, links}) {
            var page = assertTimeoutPreemptively(RUNAWAY, () -> render(source));
            assertNothingActive(page);
            assertThat(depth(page)).isLessThanOrEqualTo(200);
        }
    }

    @Test
    void aLineOfAHundredThousandCharactersRendersWhole() {
        var plain = "x".repeat(100_000);
        var brackets = "<".repeat(50_000) + "[x](".repeat(12_500);

        var page = assertTimeoutPreemptively(RUNAWAY, () -> render(plain));
        var hostile = assertTimeoutPreemptively(RUNAWAY, () -> render(brackets));

        assertThat(page.text()).isEqualTo(plain);
        assertNothingActive(hostile);
        assertThat(hostile.text()).hasSize(brackets.length());
    }

    @Test
    void plainTextIsWhatTheReaderSeesOnOneLine() {
        var text = markdown.text("# Heading\n\nSome **bold** and [a link](https://example.com) `code`\n\n- one\n- two\n\n"
                + "<b>raw</b>");

        assertThat(text).isEqualTo("Heading Some bold and a link code one two <b>raw</b>");
    }

    private static int depth(Element root) {
        int deepest = 0;
        for (var element : root.select("*")) {
            int depth = 0;
            for (var parent = element; parent != root && parent != null; parent = parent.parent()) {
                depth++;
            }
            deepest = Math.max(deepest, depth);
        }
        return deepest;
    }
}
