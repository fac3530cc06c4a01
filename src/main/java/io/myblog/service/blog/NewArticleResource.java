package io.myblog.service.blog;

import io.smallrye.mutiny.Uni;
import jakarta.validation.groups.Default;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The editor of a new article: saved through {@link ArticleService#create}, as the API's POST. */
@Path(NewArticleResource.PATH)
@Produces("text/html;charset=UTF-8")
public class NewArticleResource {

    static final String PATH = "/blog/new/";

    private final ArticleService service;
    private final Readers readers;
    private final EditorForms forms;

    NewArticleResource(ArticleService service, Readers readers, EditorForms forms) {
        this.service = service;
        this.readers = readers;
        this.forms = forms;
    }

    @Operation(hidden = true)
    @GET
    public Uni<Response> form() {
        return readers.current().map(caller -> caller.isEmpty() ? EditorForms.signIn(PATH)
                : EditorForms.page(200, EditorForms.Form.of(null, "", "", "draft", null, EditorForms.SAVE).page()));
    }

    @Operation(hidden = true)
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(@FormParam("title") String title, @FormParam("content") String content,
            @FormParam("status") String status, @FormParam("action") String action) {
        var form = EditorForms.Form.of(null, title, content, status, null, action);
        return readers.current().flatMap(caller -> forms.refusal(form, caller, Default.class)
                .map(page -> Uni.createFrom().item(page))
                .orElseGet(() -> service.create(form.input(), caller.get()).map(created -> EditorForms.saved(created.id()))));
    }
}
