package io.myblog.service.auth;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.myblog.service.account.AccountService;
import io.myblog.service.account.Caller;
import io.myblog.service.account.Role;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.jboss.resteasy.reactive.ResponseHeader;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * Trades one password check (HTTP Basic) for a token that authenticates many requests without bcrypt. The API
 * document's two ways to authenticate are declared here, where the token comes from; Quarkus adds them to every
 * operation that needs an account ({@code quarkus.smallrye-openapi.auto-add-security-requirement}).
 */
@SecuritySchemes({
    @SecurityScheme(securitySchemeName = OperationSecurity.BASIC, type = SecuritySchemeType.HTTP, scheme = "basic",
            description = "An account's name and password (failed attempts are throttled)."),
    @SecurityScheme(securitySchemeName = OperationSecurity.TOKEN, type = SecuritySchemeType.HTTP, scheme = "bearer",
            bearerFormat = "myblog session token",
            description = "A token from POST /api/session; it ends with its lifetime or a change of the password.")
})
@Tag(name = "session", description = "Session tokens, so that a client checks its password once")
@Path("/api/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** The token to send as {@code Authorization: Bearer <token>}, and when it expires. */
    public record Session(String token, Instant expiresAt) {
    }

    private final SessionTokens tokens;
    private final AccountService accounts;
    private final SecurityIdentity identity;

    SessionResource(SessionTokens tokens, AccountService accounts, SecurityIdentity identity) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Role.AUTHOR, Role.ADMIN})
    @ResponseHeader(name = "Cache-Control", value = "no-store") // a credential: no cache on the way may keep it
    @APIResponse(responseCode = "200", description = "A token for Authorization: Bearer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Session.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @Operation(operationId = "createSession", summary = "Trade Basic credentials for a session token")
    public Uni<Session> create() {
        if (Caller.of(identity).byToken()) {
            // Otherwise a token could be renewed forever without the password.
            throw new AuthenticationFailedException("a token cannot be renewed with a token");
        }
        var name = identity.getPrincipal().getName();
        return accounts.stamp(name).map(stamp -> {
            var issued = tokens.issue(name, stamp.orElseThrow(() -> new AuthenticationFailedException("account removed")));
            return new Session(issued.token(), issued.expiresAt());
        });
    }
}
