package io.myblog.blog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.Default;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/articles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ArticleResource {

    /** Longer than any cursor this service returns (44 characters). */
    static final int CURSOR_MAX = 64;

    private final ArticleService service;
    private final Validator validator;

    ArticleResource(ArticleService service, Validator validator) {
        this.service = service;
        this.validator = validator;
    }

    /** Cursor paging; {@code page} (numbered, bounded) only for clients of the first API. */
    @GET
    @APIResponse(responseCode = "200", description = "A page of summaries; Link rel=\"next\" and next resume after it")
    @APIResponse(responseCode = "400", description = "Bad paging, a cursor this service did not return for this q, "
            + "or a numbered page past " + ArticleService.MAX_OFFSET + " items")
    public Response list(
            @QueryParam("page") @Min(0) Integer page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("q") @Size(max = ArticleInput.TITLE_MAX) String q,
            @QueryParam("cursor") @Size(max = CURSOR_MAX) String cursor,
            UriInfo uri) {
        if (page != null && cursor != null) {
            throw new InvalidCursor("cannot be combined with page: follow next, without page");
        }
        var result = page == null ? service.newest(q, cursor, size) : service.numbered(q, page, size);
        var response = Response.ok(ArticleList.of(result, page, size));
        result.next().ifPresent(next -> response.link(
                uri.getRequestUriBuilder().replaceQueryParam("page").replaceQueryParam("cursor", next).build(), "next"));
        return response.build();
    }

    @GET
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "The article, with ETag and Last-Modified",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArticleView.class)))
    @APIResponse(responseCode = "304", description = "If-None-Match or If-Modified-Since: the client's copy is current")
    @APIResponse(responseCode = "404", description = "No such article")
    public Response get(@PathParam("id") long id, @Context Request request) {
        var article = service.find(id).orElseThrow(() -> new ArticleNotFound(id));
        return ConditionalGet.respond(request, ArticleTags.api(id, article.version()), article.updatedAt(), () -> article);
    }

    @POST
    @APIResponse(responseCode = "201", description = "Created; Location names the new article")
    public Response create(@Valid ArticleInput input, UriInfo uri) {
        var created = service.create(input);
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build())
                .entity(created)
                .build();
    }

    /** The version read comes as If-Match (the ETag of a GET) or as the body's {@code version}; one is required. */
    @PUT
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "The article as updated, with its new ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArticleView.class)))
    @APIResponse(responseCode = "409", description = "The body's version is not the current one")
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version")
    public Response update(@PathParam("id") long id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull ArticleInput input) {
        // Validated here, not declared: whether version is required depends on a header, which a group cannot see.
        var violations = validator.validate(input, ifMatch == null ? ArticleInput.OnUpdate.class : Default.class);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        var updated = service.update(id, input, ArticleTags.ifMatch(id, ifMatch));
        return Response.ok(updated).tag(ArticleTags.api(id, updated.version())).build();
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@PathParam("id") long id) {
        service.delete(id);
    }
}
