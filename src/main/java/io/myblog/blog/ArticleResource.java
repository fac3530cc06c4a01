package io.myblog.blog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/articles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ArticleResource {

    /** Longer than any cursor this service returns (44 characters). */
    static final int CURSOR_MAX = 64;

    private final ArticleService service;

    ArticleResource(ArticleService service) {
        this.service = service;
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
    @APIResponse(responseCode = "404", description = "No such article")
    public ArticleView get(@PathParam("id") long id) {
        return service.find(id).orElseThrow(() -> new ArticleNotFound(id));
    }

    @POST
    @APIResponse(responseCode = "201", description = "Created; Location names the new article")
    public Response create(@Valid ArticleInput input, UriInfo uri) {
        var created = service.create(input);
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build())
                .entity(created)
                .build();
    }

    @PUT
    @Path("{id}")
    @APIResponse(responseCode = "409", description = "The version sent is not the current one")
    public ArticleView update(
            @PathParam("id") long id, @Valid @ConvertGroup(to = ArticleInput.OnUpdate.class) ArticleInput input) {
        return service.update(id, input);
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@PathParam("id") long id) {
        service.delete(id);
    }
}
