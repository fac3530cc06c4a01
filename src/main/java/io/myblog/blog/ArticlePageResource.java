package io.myblog.blog;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/** An article as a reader sees it; rendered only when the reader's copy is not current. */
@Path("/blog/article/{id}/")
public class ArticlePageResource {

    private final ArticleService service;

    ArticlePageResource(ArticleService service) {
        this.service = service;
    }

    @GET
    @Produces("text/html;charset=UTF-8")
    public Response article(@PathParam("id") long id, @Context Request request) {
        var article = service.find(id).orElseThrow(() -> new ArticleNotFound(id));
        return ConditionalGet.respond(request, ArticleTags.page(id, article.version()), article.updatedAt(),
                () -> BlogPages.article.of(article).render());
    }
}
