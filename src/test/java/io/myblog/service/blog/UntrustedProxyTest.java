package io.myblog.service.blog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.support.Articles;
import io.myblog.support.MariaDbServer;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/**
 * The attacker's test: a client that is not a trusted proxy forges X-Forwarded-Host and X-Forwarded-Proto; the
 * absolute links of the feed, the sitemap and the pages keep the request's own host. FeedTest has the negative
 * control (the same headers from a trusted proxy are followed).
 */
@QuarkusTest
@TestProfile(UntrustedProxyTest.OnlyTheIngressIsTrusted.class)
@WithTestResource(MariaDbTestResource.class)
class UntrustedProxyTest {

    private static final String FORGED = "evil.example";

    /** Only addresses the test client never has are trusted proxies, as in production (the ingress controller's). */
    public static class OnlyTheIngressIsTrusted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.trusted-proxies", "10.0.0.0/8",
                    "%test.quarkus.http.proxy.trusted-proxies", "10.0.0.0/8");
        }
    }

    @Test
    void aForgedForwardedHostFromAnUntrustedClientNamesNoLink() throws Exception {
        Articles.awaitReady();
        Articles.deleteAll(MariaDbServer.DATABASE);
        long id = Articles.create("Forged", "x", "ursula");
        var article = "/blog/article/" + id + "/";

        var feed = forged(FeedResource.PATH);
        var sitemap = forged(SitemapResource.PATH);
        var page = Jsoup.parse(forged(article));
        var index = Jsoup.parse(forged(BlogIndexResource.PATH));

        for (var body : new String[] {feed, sitemap, page.html(), index.html()}) {
            assertThat(body).doesNotContain(FORGED).doesNotContain("https://");
        }
        assertThat(FeedTest.atom(feed).getId()).isEqualTo(FeedTest.origin() + FeedResource.PATH);
        assertThat(page.select("link[rel=canonical]").attr("href")).isEqualTo(FeedTest.origin() + article);
        assertThat(index.select("link[rel=canonical]").attr("href")).isEqualTo(FeedTest.origin() + BlogIndexResource.PATH);
    }

    private static String forged(String path) {
        return given().header("X-Forwarded-Host", FORGED).header("X-Forwarded-Proto", "https")
                .header("Forwarded", "host=" + FORGED + ";proto=https")
                .get(path).then().statusCode(200).extract().asString();
    }
}
