package io.myblog.account;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN)
public class AccountResource {

    private final AccountService service;
    private final SecurityIdentity identity;

    AccountResource(AccountService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public List<AccountView> list() {
        return service.list();
    }

    @POST
    @APIResponse(responseCode = "201", description = "Created; Location names the new account")
    @APIResponse(responseCode = "409", description = "An account of that name exists")
    public Response create(@Valid AccountInput input, UriInfo uri) {
        var created = service.create(input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build()).entity(created).build();
    }

    /** An admin changes any account; an author only its own password. */
    @PUT
    @Path("{name}")
    @RolesAllowed({Role.AUTHOR, Role.ADMIN})
    @APIResponse(responseCode = "404", description = "No such account")
    public AccountView change(@PathParam("name") String name, @Valid AccountChange change) {
        return service.change(name, change, Caller.of(identity));
    }

    @DELETE
    @Path("{name}")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such account")
    public void delete(@PathParam("name") String name) {
        service.delete(name);
    }
}
