package io.myblog.service.blog;

import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/** The sitemap (sitemaps.org 0.9) for search engines: the index and every article. */
@Path(SitemapResource.PATH)
public class SitemapResource {

    static final String PATH = "/sitemap.xml";
    static final String XML = "application/xml;charset=UTF-8";

    private final PublishedArticles articles;

    SitemapResource(PublishedArticles articles) {
        this.articles = articles;
    }

    @GET
    @Produces(XML)
    @Operation(hidden = true) // a page for browsers, not API: README's endpoint table lists it
    public String sitemap(@Context UriInfo uri) {
        var origin = Origin.of(uri);
        return Feeds.sitemap.of(articles.all(), origin).render();
    }
}
