package io.myblog.service.auth;

import io.myblog.service.account.AccountService;
import io.myblog.service.database.DatabaseFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Sign in and out in the browser. The form is a page of ours rather than Quarkus' form authentication: its
 * j_security_check is no REST endpoint, so neither the CSRF check nor our HTML error pages would cover it, and its
 * cookie carries the account's name only, which a password change cannot end. The name and password go through the
 * same throttle and the same identity provider as Basic; the cookie holds a session token ({@link SessionCookie}).
 */
@Path("/blog/")
@Produces("text/html;charset=UTF-8")
public class SignInResource {

    static final String LOGIN = "/blog/login/";
    static final String LANDING = "/blog/index/";
    /** Where a sign-in may lead: a page of the blog, never another host ({@code //host}) or a scheme. */
    private static final Pattern LOCAL_PAGE = Pattern.compile("/blog/[A-Za-z0-9/_\\-]*");
    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final LoginThrottle throttle;
    private final IdentityProviderManager identities;
    private final AccountService accounts;
    private final SessionTokens tokens;

    SignInResource(LoginThrottle throttle, IdentityProviderManager identities, AccountService accounts, SessionTokens tokens) {
        this.throttle = throttle;
        this.identities = identities;
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @Operation(hidden = true)
    @GET
    @Path("login/")
    public Response loginPage(@QueryParam("next") String next) {
        return page(200, new SignInPages.login("", local(next), null));
    }

    @Operation(hidden = true)
    @POST
    @Path("login/")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> login(@FormParam("name") @DefaultValue("") String name,
            @FormParam("password") @DefaultValue("") String password, @FormParam("next") String next,
            @Context HttpServerRequest request, @Context UriInfo uri) {
        var target = local(next);
        var address = request.remoteAddress().hostAddress(); // the client's, as a trusted proxy forwards it
        var secure = "https".equals(uri.getBaseUri().getScheme());
        var attempt = new UsernamePasswordAuthenticationRequest(name, new PasswordCredential(password.toCharArray()));
        return throttle.guard(name, address, () -> identities.authenticate(attempt))
                .flatMap(identity -> {
                    var who = identity.getPrincipal().getName();
                    return accounts.stamp(who).map(stamp -> Response.seeOther(URI.create(target))
                            .cookie(SessionCookie.of(tokens.issue(who, stamp.orElseThrow(
                                    () -> new AuthenticationFailedException("account removed"))), secure))
                            .cacheControl(NO_STORE)
                            .build());
                })
                .onFailure(SignInResource::refused).recoverWithItem(failure -> refusal(failure, name, target));
    }

    @Operation(hidden = true)
    @GET
    @Path("logout/")
    public Response logoutPage() {
        return page(200, new SignInPages.logout());
    }

    /** Ends the sign-in in this browser: the cookie goes; a token copied out of it stays valid until it expires. */
    @Operation(hidden = true)
    @POST
    @Path("logout/")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@Context UriInfo uri) {
        return Response.seeOther(URI.create(LANDING))
                .cookie(SessionCookie.cleared("https".equals(uri.getBaseUri().getScheme())))
                .build();
    }

    /** A wrong name or password, or the throttle; a database that could not be asked stays the 503 it is. */
    private static boolean refused(Throwable failure) {
        return failure instanceof AuthenticationFailedException && !DatabaseFailures.isUnavailable(failure);
    }

    private static Response refusal(Throwable failure, String name, String next) {
        if (failure.getCause() instanceof LoginThrottled throttled) {
            long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
            return Response.fromResponse(page(429, new SignInPages.login(name, next,
                    "Too many failed sign-ins for this account or address. Try again in " + seconds + " s.")))
                    .header("Retry-After", seconds).build();
        }
        return page(401, new SignInPages.login(name, next, "That name and password were not accepted."));
    }

    private static Response page(int status, io.quarkus.qute.TemplateInstance page) {
        return Response.status(status).entity(page.render()).cacheControl(NO_STORE).build();
    }

    static String local(String next) {
        return next != null && LOCAL_PAGE.matcher(next).matches() ? next : LANDING;
    }
}
