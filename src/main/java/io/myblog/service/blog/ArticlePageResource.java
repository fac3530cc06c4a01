package io.myblog.service.blog;

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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
    @APIResponse(responseCode = "200", description = "The article as an HTML page, with ETag and Last-Modified",
            content = @Content(mediaType = "text/html;charset=UTF-8", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "If-None-Match or If-Modified-Since: the reader's copy is current")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
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
