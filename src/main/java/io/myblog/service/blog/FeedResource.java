package io.myblog.service.blog;

import org.eclipse.microprofile.openapi.annotations.Operation;
import io.myblog.service.blog.markdown.RenderedArticles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

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
    @Operation(hidden = true) // a page for browsers, not API: README's endpoint table lists it
    public String feed(@Context UriInfo uri) {
        var origin = Origin.of(uri);
        return Feeds.atom.of(articles.newest(Feeds.FEED_SIZE), rendered, origin).render();
    }
}
