package io.myblog.service.blog;

import org.eclipse.microprofile.openapi.annotations.Operation;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The blog's index at the course's path: newest first, ten a page, with a title search. */
@Path(BlogIndexResource.PATH)
public class BlogIndexResource {

    static final String PATH = "/blog/index/";

    /** Far above any cursor the API hands out; bounds what a tampered one makes the service decode. */
    private static final int CURSOR_MAX = 1000;

    private final BlogIndexCache cache;
    private final BlogIndexPage index;
    /** Browsers and proxies may keep a page as long as this replica keeps it in memory. */
    private final CacheControl cacheControl = new CacheControl();

    BlogIndexResource(BlogIndexCache cache, BlogIndexPage index, BlogSettings settings) {
        this.cache = cache;
        this.index = index;
        cacheControl.setMaxAge((int) settings.indexMaxAge().toSeconds());
    }

    /** The first page comes from memory on the I/O thread when fresh; older pages and searches from the store. */
    @GET
    @Produces("text/html;charset=UTF-8")
    @Operation(hidden = true) // a page for browsers, not API: README's endpoint table lists it
    public Uni<Response> index(
            @QueryParam("cursor") @Size(max = CURSOR_MAX) String cursor,
            @QueryParam("q") @Size(max = ArticleInput.TITLE_MAX) String q,
            @Context UriInfo uri) {
        var origin = Origin.of(uri);
        var html = cursor == null && (q == null || q.isBlank())
                ? cache.page()
                : index.render(cursor, q);
        return html.map(body -> Response.ok(origin.fill(body)).cacheControl(cacheControl).build());
    }
}
