package io.myblog.service.blog;

import io.myblog.service.account.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.net.URI;
import java.util.Optional;

/**
 * Editing and deleting an article in the browser, under the article's own path (JAX-RS picks one resource class by
 * its path, and the article page's is the longer). Every change goes through {@link ArticleService}, so an author
 * changes its own articles and an admin any, as in the API. A stale edit (someone saved meanwhile) comes back with
 * their version shown and the author's text kept.
 */
@Path(ArticlePageResource.PATH)
@Produces("text/html;charset=UTF-8")
public class ArticleEditorResource {

    private final ArticleService service;
    private final Readers readers;
    private final EditorForms forms;

    ArticleEditorResource(ArticleService service, Readers readers, EditorForms forms) {
        this.service = service;
        this.readers = readers;
        this.forms = forms;
    }

    @Operation(hidden = true)
    @GET
    @Path("edit/")
    public Uni<Response> edit(@PathParam("id") long id) {
        return readers.current().flatMap(caller -> caller.isEmpty() ? Uni.createFrom().item(EditorForms.signIn(editPath(id)))
                : service.changeable(id, caller.get()).map(article -> EditorForms.page(200, EditorForms.Form.of(id,
                        article.title(), article.content(), article.status().value(), article.version(), EditorForms.SAVE).page())));
    }

    @Operation(hidden = true)
    @POST
    @Path("edit/")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> update(@PathParam("id") long id, @FormParam("title") String title,
            @FormParam("content") String content, @FormParam("status") String status,
            @FormParam("version") Long version, @FormParam("action") String action) {
        var form = EditorForms.Form.of(id, title, content, status, version, action);
        return readers.current().flatMap(caller -> forms.refusal(form, caller, ArticleInput.OnUpdate.class)
                .map(page -> Uni.createFrom().item(page))
                .orElseGet(() -> service.update(id, form.input(), any -> true, caller.get())
                        .map(updated -> EditorForms.saved(id))
                        .onFailure(failure -> failure instanceof StaleArticleVersion || failure instanceof ConcurrentArticleUpdate)
                        .recoverWithUni(() -> stale(form, caller.get()))));
    }

    @Operation(hidden = true)
    @GET
    @Path("delete/")
    public Uni<Response> confirmDelete(@PathParam("id") long id) {
        return readers.current().flatMap(caller -> caller.isEmpty() ? Uni.createFrom().item(EditorForms.signIn(deletePath(id)))
                : service.changeable(id, caller.get()).map(article -> EditorForms.page(200, new BlogPages.delete(article))));
    }

    @Operation(hidden = true)
    @POST
    @Path("delete/")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> delete(@PathParam("id") long id) {
        return readers.current().flatMap(caller -> caller.isEmpty() ? Uni.createFrom().item(EditorForms.signIn(deletePath(id)))
                : service.delete(id, caller.get()).map(deleted -> Response.seeOther(URI.create(BlogIndexResource.PATH)).build()));
    }

    /** Their version, as the author may read it now; gone meanwhile: the delete's 404. */
    private Uni<Response> stale(EditorForms.Form form, Caller caller) {
        return service.find(form.id(), Uni.createFrom().item(Optional.of(caller)))
                .map(found -> forms.stale(form, found.orElseThrow(() -> new ArticleNotFound(form.id()))));
    }

    private static String editPath(long id) {
        return "/blog/article/" + id + "/edit/";
    }

    private static String deletePath(long id) {
        return "/blog/article/" + id + "/delete/";
    }
}
