package io.myblog.service.blog.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/** What may reach a page from an article: the elements Markdown makes, no event handler, no style, safe URLs only. */
public final class HostileMarkup {

    /** Everything commonmark with our extensions writes; a script, iframe, object, form or svg is never among them. */
    private static final Set<String> MARKDOWN_ELEMENTS = Set.of("p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "a",
            "img", "em", "strong", "del", "code", "pre", "ul", "ol", "li", "blockquote", "hr", "table", "thead", "tbody",
            "tr", "th", "td");
    private static final Set<String> MARKDOWN_ATTRIBUTES = Set.of("href", "src", "alt", "title", "id", "rel", "class",
            "start", "align");
    /** A URL whose scheme is http, https or mailto, or none (relative); empty is what the sanitizer leaves of others. */
    private static final Pattern SAFE_URL = Pattern.compile("(?i)(|(https?|mailto):.*|[^:]*|[^:]*[/?#].*)");

    private HostileMarkup() {
    }

    /** Fails, naming the element, when anything under {@code root} could run or load something unsafe. */
    public static void assertNothingActive(Element root) {
        for (var element : root.select("*")) {
            if (element == root) {
                continue;
            }
            assertThat(element.normalName()).as("element from Markdown: %s", element.outerHtml())
                    .isIn(MARKDOWN_ELEMENTS);
            for (var attribute : element.attributes()) {
                var name = attribute.getKey().toLowerCase(Locale.ROOT);
                assertThat(name).as("attribute of %s", element.outerHtml()).isIn(MARKDOWN_ATTRIBUTES);
                if (name.equals("href") || name.equals("src")) {
                    assertThat(attribute.getValue().strip()).as("URL of %s", element.outerHtml()).matches(SAFE_URL);
                }
            }
        }
    }
}
