package io.myblog.service.account;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Tag(name = "accounts", description = "Who may write: authors and admins, managed by admins")
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
    @APIResponse(responseCode = "200", description = "Every account, by name, with its roles (never a password)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = AccountView.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @Operation(operationId = "listAccounts", summary = "List the accounts")
    public Uni<List<AccountView>> list() {
        return service.list();
    }

    @POST
    @APIResponse(responseCode = "201", description = "Created; Location names the new account",
            headers = @Header(name = "Location", description = "the new account's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", ref = "AccountExists")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @Operation(operationId = "createAccount", summary = "Create an account")
    public Uni<Response> create(@Valid AccountInput input, UriInfo uri) {
        return service.create(input).map(created ->
                Response.created(uri.getAbsolutePathBuilder().path(created.name()).build()).entity(created).build());
    }

    /** An admin changes any account; an author only its own password. */
    @PUT
    @Path("{name}")
    @RolesAllowed({Role.AUTHOR, Role.ADMIN})
    @APIResponse(responseCode = "200", description = "The account as changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NoSuchAccount")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @Operation(operationId = "changeAccount", summary = "Change an account's password or roles")
    public Uni<AccountView> change(@PathParam("name") String name, @Valid AccountChange change) {
        return service.change(name, change, Caller.of(identity));
    }

    @DELETE
    @Path("{name}")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NoSuchAccount")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @Operation(operationId = "deleteAccount", summary = "Delete an account")
    public Uni<Void> delete(@PathParam("name") String name) {
        return service.delete(name);
    }
}
