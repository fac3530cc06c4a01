package io.myblog.blog;

import io.myblog.account.Caller;
import io.myblog.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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

    private final ArticleService service;
    private final SecurityIdentity identity;

    ArticleResource(ArticleService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public ArticlePage list(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("q") @Size(max = ArticleInput.TITLE_MAX) String q) {
        return service.page(page, size, q);
    }

    @GET
    @Path("{id}")
    @APIResponse(responseCode = "404", description = "No such article")
    public ArticleView get(@PathParam("id") long id) {
        return service.find(id).orElseThrow(() -> new ArticleNotFound(id));
    }

    @POST
    @RolesAllowed({Role.AUTHOR, Role.ADMIN})
    @APIResponse(responseCode = "201", description = "Created; Location names the new article")
    public Response create(@Valid ArticleInput input, UriInfo uri) {
        var created = service.create(input, Caller.of(identity));
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build())
                .entity(created)
                .build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({Role.AUTHOR, Role.ADMIN})
    @APIResponse(responseCode = "403", description = "The article is another author's")
    @APIResponse(responseCode = "409", description = "The version sent is not the current one")
    public ArticleView update(
            @PathParam("id") long id, @Valid @ConvertGroup(to = ArticleInput.OnUpdate.class) ArticleInput input) {
        return service.update(id, input, Caller.of(identity));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Role.AUTHOR, Role.ADMIN})
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "The article is another author's")
    public void delete(@PathParam("id") long id) {
        service.delete(id, Caller.of(identity));
    }
}
