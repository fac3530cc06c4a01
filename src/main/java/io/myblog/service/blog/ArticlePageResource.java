package io.myblog.service.blog;

import org.eclipse.microprofile.openapi.annotations.Operation;
import io.smallrye.mutiny.Uni;
import io.myblog.service.blog.markdown.RenderedArticles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** An article as a reader sees it; rendered only when the reader's copy is not current. */
@Path(ArticlePageResource.PATH)
public class ArticlePageResource {

    static final String PATH = "/blog/article/{id}/";

    private final ArticleService service;
    private final RenderedArticles rendered;
    private final Readers readers;

    ArticlePageResource(ArticleService service, RenderedArticles rendered, Readers readers) {
        this.service = service;
        this.rendered = rendered;
        this.readers = readers;
    }

    @GET
    @Produces("text/html;charset=UTF-8")
    @Operation(hidden = true) // a page for browsers, not API: README's endpoint table lists it
    public Uni<Response> article(@PathParam("id") long id, @Context Request request, @Context UriInfo uri) {
        var origin = Origin.of(uri);
        return service.find(id, readers.current()).map(found -> {
            var article = found.orElseThrow(() -> new ArticleNotFound(id));
            return ConditionalGet.respond(request, ArticleTags.page(id, article.version()), article,
                    () -> BlogPages.article.of(article, rendered.article(id, article.version(), article.content()), origin)
                            .render());
        });
    }
}
