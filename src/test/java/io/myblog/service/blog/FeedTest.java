package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.io.WireFeedInput;
import io.myblog.service.blog.markdown.HostileMarkup;
import io.myblog.support.Accounts;
import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The Atom feed and the sitemap, read as a feed reader (Rome) and a crawler (an XML parser) read them. */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class FeedTest {

    private static final String FEED = "/blog/feed/";
    private static final String SITEMAP = "/sitemap.xml";
    private static final String AUTHOR = "fiona";
    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final String SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
    /** RFC 3339's date-time (section 5.6), which Atom's dates are (RFC 4287, 3.3). */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern URN_UUID = Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @BeforeEach
    void cleanTable() {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
    }

    @Test
    void theFeedIsAtomOfTheTwentyNewestArticlesWithTheirRenderedContent() throws Exception {
        var token = token();
        var ids = new ArrayList<Long>();
        for (int i = 1; i <= 22; i++) {
            ids.add(post(token, "Article " + i, "## Part " + i + "\n\nSee [the index](/blog/index/)."));
        }

        var response = given().get(FEED).then().statusCode(200).extract();
        var feed = atom(response.asString());

        assertThat(response.contentType()).isEqualTo("application/atom+xml;charset=UTF-8");
        assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
        assertThat(feed.getTitle()).isEqualTo("myblog");
        assertThat(feed.getEntries()).hasSize(Feeds.FEED_SIZE);
        assertThat(feed.getEntries().stream().map(Entry::getTitle))
                .containsExactlyElementsOf(IntStream.iterate(22, i -> i > 2, i -> i - 1).mapToObj(i -> "Article " + i).toList());
        var newest = feed.getEntries().get(0);
        var content = Jsoup.parseBodyFragment(newest.getContents().get(0).getValue()).body();
        assertThat(newest.getContents().get(0).getType()).isEqualTo("html");
        assertThat(content.select("h2").text()).isEqualTo("Part 22");
        HostileMarkup.assertNothingActive(content);
        assertThat(newest.getAuthors().get(0).getName()).isEqualTo(AUTHOR);
        assertThat(alternate(newest.getAlternateLinks())).isEqualTo(origin() + "/blog/article/" + ids.get(21) + "/");
        assertThat(feed.getOtherLinks().stream().filter(link -> link.getRel().equals("self")).map(Link::getHref))
                .containsExactly(origin() + FEED);
    }

    @Test
    void idsArePermanentUniqueUrnsAndDatesAreRfc3339() throws Exception {
        var token = token();
        long first = post(token, "First", "one");
        long second = post(token, "Second", "two");
        var created = Instant.parse(given().get("/api/articles/" + second).then().extract().path("createdAt"));

        var here = xml(given().get(FEED).then().statusCode(200).extract().asString());
        var elsewhere = xml(given().header("Host", "mirror.example").get(FEED).then().statusCode(200).extract().asString());

        var ids = texts(here, ATOM_NS, "entry", "id");
        assertThat(ids).hasSize(2).allMatch(id -> URN_UUID.matcher(id).matches());
        assertThat(new HashSet<>(ids)).hasSize(2);
        assertThat(texts(elsewhere, ATOM_NS, "entry", "id")).as("the same ids under another host name").isEqualTo(ids);
        var dates = new ArrayList<String>();
        dates.addAll(texts(here, ATOM_NS, "feed", "updated"));
        dates.addAll(texts(here, ATOM_NS, "entry", "published"));
        dates.addAll(texts(here, ATOM_NS, "entry", "updated"));
        assertThat(dates).hasSize(5).allMatch(date -> RFC_3339.matcher(date).matches());
        var published = texts(here, ATOM_NS, "entry", "published").get(0);
        assertThat(OffsetDateTime.parse(published).toInstant()).isEqualTo(created.truncatedTo(ChronoUnit.SECONDS));
        assertThat(first).isLessThan(second);
    }

    @Test
    void textXmlCannotCarryStillMakesAFeedThatParses() throws Exception {
        post(token(), "Bell \u0007 & <b>", "form feed \u000c and <script>alert(1)</script>");

        var feed = atom(given().get(FEED).then().statusCode(200).extract().asString());

        assertThat(feed.getEntries().get(0).getTitle()).isEqualTo("Bell \uFFFD & <b>");
        var content = Jsoup.parseBodyFragment(feed.getEntries().get(0).getContents().get(0).getValue()).body();
        HostileMarkup.assertNothingActive(content);
        assertThat(content.text()).contains("<script>alert(1)</script>");
    }

    @Test
    void anEmptyBlogHasAValidFeed() throws Exception {
        var feed = atom(given().get(FEED).then().statusCode(200).extract().asString());

        assertThat(feed.getEntries()).isEmpty();
        assertThat(feed.getId()).isEqualTo(origin() + FEED);
        assertThat(feed.getUpdated()).isNotNull();
    }

    @Test
    void theSitemapListsTheIndexAndEveryArticle() throws Exception {
        var token = token();
        var expected = new ArrayList<String>();
        expected.add(origin() + "/blog/index/");
        var articles = new ArrayList<String>();
        for (int i = 0; i < 105; i++) { // more than one page of the listing
            articles.add(origin() + "/blog/article/" + post(token, "Sitemap " + i, "x") + "/");
        }
        Collections.reverse(articles); // newest first
        expected.addAll(articles);

        var response = given().get(SITEMAP).then().statusCode(200).extract();

        assertThat(response.contentType()).isEqualTo("application/xml;charset=UTF-8");
        assertThat(texts(xml(response.asString()), SITEMAP_NS, "url", "loc")).containsExactlyElementsOf(expected);
    }

    @Test
    void aTrustedProxysForwardedHostNamesTheLinks() throws Exception {
        post(token(), "Behind the ingress", "x");

        // 127.0.0.1 is the test profile's trusted proxy (the negative control of UntrustedProxyTest)
        var body = given().header("X-Forwarded-Host", "blog.example").header("X-Forwarded-Proto", "https")
                .get(FEED).then().statusCode(200).extract().asString();

        assertThat(atom(body).getId()).isEqualTo("https://blog.example" + FEED);
    }

    static String origin() {
        return "http://localhost:" + RestAssured.port;
    }

    static Feed atom(String xml) throws Exception {
        return (Feed) new WireFeedInput().build(new StringReader(xml)); // a SAX parse: well-formed or an exception
    }

    static Document xml(String text) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text of each {@code child} of each {@code parent}, in document order. */
    static List<String> texts(Document document, String namespace, String parent, String child) {
        var texts = new ArrayList<String>();
        var parents = document.getElementsByTagNameNS(namespace, parent);
        for (int i = 0; i < parents.getLength(); i++) {
            var children = parents.item(i).getChildNodes();
            for (int j = 0; j < children.getLength(); j++) {
                var node = children.item(j);
                if (namespace.equals(node.getNamespaceURI()) && child.equals(node.getLocalName())) {
                    texts.add(node.getTextContent());
                }
            }
        }
        return texts;
    }

    private static String alternate(List<Link> links) {
        return links.stream().map(Link::getHref).findFirst().orElseThrow();
    }

    private static String token() {
        Accounts.author(AUTHOR);
        return Accounts.as(AUTHOR).contentType(ContentType.JSON).post("/api/session").then().statusCode(200).extract().path("token");
    }

    private static long post(String token, String title, String content) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Articles.article(title, content))
                .post("/api/articles").then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
