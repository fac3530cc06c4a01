package io.myblog.blog;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders the index page. Plain Java rather than a template engine: Qute's dev-mode dependency (qute-debug) is not
 * served by Maven Central, and one escaped list does not need an engine.
 */
final class BlogIndexPage {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private BlogIndexPage() {
    }

    static String render(List<ArticleSummary> articles) {
        var html = new StringBuilder(1024 + articles.size() * 256);
        html.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="UTF-8">
                  <title>myblog</title>
                </head>
                <body>
                  <h1>myblog</h1>
                """);
        if (articles.isEmpty()) {
            html.append("  <p>No articles yet.</p>\n");
        } else {
            html.append("  <ul class=\"articles\">\n");
            for (var article : articles) {
                html.append("    <li class=\"article\"><a class=\"title\" href=\"/api/articles/").append(article.id())
                        .append("\">").append(escape(article.title())).append("</a> by <span class=\"author\">")
                        .append(escape(article.author())).append("</span> on <time datetime=\"")
                        .append(article.createdAt()).append("\">").append(DATE.format(article.createdAt()))
                        .append("</time></li>\n");
            }
            html.append("  </ul>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** OWASP's five characters: enough for text in elements and in quoted attributes. */
    static String escape(String text) {
        var escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#x27;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
