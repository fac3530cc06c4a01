package io.myblog.service.blog;

import io.myblog.service.blog.markdown.RenderedArticles;
import io.quarkus.qute.TemplateInstance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Atom feed (RFC 4287) and the sitemap (sitemaps.org 0.9), rendered by Qute from templates/Feeds/, which escapes
 * every expression for XML. Written as templates rather than with Rome: Rome loads its generators by reflection from
 * its rome.properties (a native-image hazard) for a document of a dozen elements; the tests read it with Rome.
 */
final class Feeds {

    /** Articles in the feed. */
    static final int FEED_SIZE = 20;

    /** Characters XML 1.0 cannot carry at all, not even escaped; an article may hold them (JSON can). */
    private static final Pattern NOT_XML = Pattern.compile("[^\\x09\\x0A\\x0D\\x20-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]");

    private Feeds() {
    }

    /** {@code id}: the feed's own URL, which names it for the host it is served under. */
    record atom(String id, String self, String home, String base, Instant updated, List<Entry> entries)
            implements TemplateInstance {

        static atom of(List<ArticleView> articles, RenderedArticles rendered, Origin origin) {
            var entries = articles.stream().map(article -> Entry.of(article, rendered, origin)).toList();
            var updated = entries.stream().map(Entry::updated).max(Comparator.naturalOrder())
                    .orElse(Instant.EPOCH); // no article yet: nothing has changed since the epoch
            var self = origin.url(FeedResource.PATH);
            return new atom(self, self, origin.url(BlogIndexResource.PATH), origin.url("/"), updated, entries);
        }
    }

    /**
     * {@code id}: a name-based UUID of the article's id and creation second, the same under every host name and for
     * good (RFC 4287, 4.2.6); seconds, because MariaDB hands back fractions on some paths only.
     */
    record Entry(String id, String title, String url, String author, Instant published, Instant updated,
                 String summary, String html) {

        static Entry of(ArticleView article, RenderedArticles renderer, Origin origin) {
            var rendered = renderer.article(article.id(), article.version(), article.content());
            var created = article.createdAt().truncatedTo(ChronoUnit.SECONDS);
            var name = "myblog:article:" + article.id() + ":" + created.getEpochSecond();
            return new Entry("urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)),
                    xml(article.title()), origin.url("/blog/article/" + article.id() + "/"), xml(article.author()),
                    article.publishedAt() == null ? created : article.publishedAt().truncatedTo(ChronoUnit.SECONDS),
                    article.updatedAt().truncatedTo(ChronoUnit.SECONDS),
                    xml(BlogPages.cut(rendered.text(), BlogPages.DESCRIPTION_LENGTH)), xml(rendered.html()));
        }
    }

    record sitemap(List<String> urls) implements TemplateInstance {

        static sitemap of(List<ArticleSummary> articles, Origin origin) {
            var urls = new java.util.ArrayList<String>(articles.size() + 1);
            urls.add(origin.url(BlogIndexResource.PATH));
            articles.forEach(article -> urls.add(origin.url("/blog/article/" + article.id() + "/")));
            return new sitemap(urls);
        }
    }

    static String xml(String text) {
        return NOT_XML.matcher(text).replaceAll("\uFFFD");
    }
}
