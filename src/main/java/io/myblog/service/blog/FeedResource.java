package io.myblog.service.blog;

import io.myblog.service.blog.markdown.RenderedArticles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The Atom feed of the newest articles, for feed readers; each article rendered once per version. */
@Path(FeedResource.PATH)
public class FeedResource {

    static final String PATH = "/blog/feed/";
    static final String ATOM = "application/atom+xml;charset=UTF-8";

    private final PublishedArticles articles;
    private final RenderedArticles rendered;

    FeedResource(PublishedArticles articles, RenderedArticles rendered) {
        this.articles = articles;
        this.rendered = rendered;
    }

    @GET
    @Produces(ATOM)
    @APIResponse(responseCode = "200", description = "Atom feed (RFC 4287) of the 20 newest articles with their content",
            content = @Content(mediaType = ATOM, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public String feed(@Context UriInfo uri) {
        var origin = Origin.of(uri);
        return Feeds.atom.of(articles.newest(Feeds.FEED_SIZE), rendered, origin).render();
    }
}
