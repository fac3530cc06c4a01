package io.myblog.service.blog;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
    @APIResponse(responseCode = "200", description = "The index and every article, as a sitemap",
            content = @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public String sitemap(@Context UriInfo uri) {
        var origin = Origin.of(uri);
        return Feeds.sitemap.of(articles.all(), origin).render();
    }
}
