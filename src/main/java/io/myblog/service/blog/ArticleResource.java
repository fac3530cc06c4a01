package io.myblog.service.blog;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.myblog.service.account.Caller;
import io.myblog.service.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Tag(name = "articles", description = "The articles: public reads, writes by their author or an admin")
@Path("/api/articles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ArticleResource {

    /** A body of JSON {@code null} reaches the method as no article at all. */
    static final String BODY_REQUIRED = "must be a JSON object with the article's fields";
    /** Longer than any cursor this service returns (44 characters). */
    static final int CURSOR_MAX = 64;

    private final ArticleService service;
    private final SecurityIdentity identity;
    private final Validator validator;
    private final Readers readers;

    ArticleResource(ArticleService service, SecurityIdentity identity, Validator validator, Readers readers) {
        this.service = service;
        this.identity = identity;
        this.validator = validator;
        this.readers = readers;
    }

    /** Cursor paging; {@code page} (numbered, bounded) only for clients of the first API. */
    @GET
    @APIResponse(responseCode = "200", description = "A page of summaries; Link rel=\"next\" and next resume after it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArticleList.class)))
    @APIResponse(responseCode = "400", description = "Bad paging, a cursor this service did not return for this q, "
            + "or a numbered page past " + ArticleService.MAX_OFFSET + " items",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @Operation(operationId = "listArticles", summary = "List or search the published articles, newest first")
    public Uni<Response> list(
            @QueryParam("page") @Min(0) Integer page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("q") @Size(max = ArticleInput.TITLE_MAX) String q,
            @QueryParam("cursor") @Size(max = CURSOR_MAX) String cursor,
            UriInfo uri) {
        if (page != null && cursor != null) {
            throw new InvalidCursor("cannot be combined with page: follow next, without page");
        }
        var result = page == null ? service.newest(q, cursor, size) : service.numbered(q, page, size);
        return result.map(found -> {
            var response = Response.ok(ArticleList.of(found, page, size));
            found.next().ifPresent(next -> response.link(
                    uri.getRequestUriBuilder().replaceQueryParam("page").replaceQueryParam("cursor", next).build(), "next"));
            return response.build();
        });
    }

    @GET
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "The article, with ETag and Last-Modified; a draft only to its author and admins",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArticleView.class)))
    @APIResponse(responseCode = "304", description = "If-None-Match or If-Modified-Since: the client's copy is current")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @Operation(operationId = "getArticle", summary = "Read one article")
    public Uni<Response> get(@PathParam("id") long id, @Context Request request) {
        return service.find(id, readers.current()).map(found -> {
            var article = found.orElseThrow(() -> new ArticleNotFound(id));
            return ConditionalGet.respond(request, ArticleTags.api(id, article.version()), article, () -> article);
        });
    }

    @POST
    @RolesAllowed({Role.AUTHOR, Role.ADMIN})
    @APIResponse(responseCode = "201", description = "Created; Location names the new article",
            headers = @Header(name = "Location", description = "the new article's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArticleView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @Operation(operationId = "createArticle", summary = "Write an article")
    public Uni<Response> create(@Valid @NotNull(message = BODY_REQUIRED) ArticleInput body, UriInfo uri) {
        return service.create(body, Caller.of(identity)).map(created -> Response
                .created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build())
                .entity(created)
                .build());
    }

    /** The version read comes as If-Match (the ETag of a GET) or as the body's {@code version}; one is required. */
    @PUT
    @Path("{id}")
    @RolesAllowed({Role.AUTHOR, Role.ADMIN})
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "ArticleUpdate")))
    @APIResponse(responseCode = "200", description = "The article as updated, with its new version and ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArticleView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "NotYours")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @Operation(operationId = "updateArticle", summary = "Replace an article, or publish a draft")
    public Uni<Response> update(@PathParam("id") long id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull(message = BODY_REQUIRED) ArticleInput body) {
        // Validated here, not declared: whether version is required depends on a header, which a group cannot see.
        var violations = validator.validate(body, ifMatch == null ? ArticleInput.OnUpdate.class : Default.class);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return service.update(id, body, ArticleTags.ifMatch(id, ifMatch), Caller.of(identity))
                .map(updated -> Response.ok(updated).tag(ArticleTags.api(id, updated.version())).build());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Role.AUTHOR, Role.ADMIN})
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "NotYours")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @Operation(operationId = "deleteArticle", summary = "Delete an article")
    public Uni<Void> delete(@PathParam("id") long id) {
        return service.delete(id, Caller.of(identity));
    }
}
