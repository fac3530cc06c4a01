package io.myblog.blog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/articles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ArticleResource {

    /** A body of JSON {@code null} reaches the method as no article at all. */
    static final String BODY_REQUIRED = "must be a JSON object with the article's fields";

    private final ArticleService service;

    ArticleResource(ArticleService service) {
        this.service = service;
    }

    static final int MAX_SIZE = 100;
    /** The highest page whose rows ({@code page * size + size}) an int can still count. */
    static final int MAX_PAGE = Integer.MAX_VALUE / MAX_SIZE - 1;

    @GET
    @APIResponse(responseCode = "200", description = "One page of articles, newest first")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public ArticlePage list(
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(MAX_SIZE) int size,
            @QueryParam("q") @Size(max = ArticleInput.TITLE_MAX) String q) {
        return service.page(page, size, q);
    }

    @GET
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "The article")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public ArticleView get(@PathParam("id") long id) {
        return service.find(id).orElseThrow(() -> new ArticleNotFound(id));
    }

    @POST
    @APIResponse(responseCode = "201", description = "Created; Location names the new article",
            headers = @Header(name = "Location", description = "the new article's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArticleView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response create(@Valid @NotNull(message = BODY_REQUIRED) ArticleInput body, UriInfo uri) {
        var created = service.create(body);
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build())
                .entity(created)
                .build();
    }

    @PUT
    @Path("{id}")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "ArticleUpdate")))
    @APIResponse(responseCode = "200", description = "The article as replaced, with its new version")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public ArticleView update(
            @PathParam("id") long id,
            @Valid @ConvertGroup(to = ArticleInput.OnUpdate.class) @NotNull(message = BODY_REQUIRED) ArticleInput body) {
        return service.update(id, body);
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public void delete(@PathParam("id") long id) {
        service.delete(id);
    }
}
