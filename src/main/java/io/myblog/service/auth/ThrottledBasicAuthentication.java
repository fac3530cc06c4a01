package io.myblog.service.auth;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.BasicAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Quarkus' own HTTP Basic mechanism (the password is checked by {@link AccountIdentityProvider} against the account store), with
 * failed logins counted and refused with 429 while their growing delay lasts ({@link LoginThrottle}). Wrapped, not replaced: Quarkus has no login throttle.
 */
@ApplicationScoped
public class ThrottledBasicAuthentication implements HttpAuthenticationMechanism {

    public static final String REALM = "myblog";

    private final BasicAuthenticationMechanism basic = new BasicAuthenticationMechanism(REALM, false);
    private final LoginThrottle throttle;

    ThrottledBasicAuthentication(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        var name = basicUserName(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (name == null) {
            return basic.authenticate(context, identities); // no Basic credentials: anonymous, or another mechanism's
        }
        // With proxy forwarding on, this is the client's address as the trusted proxy reports it.
        var address = context.request().remoteAddress().hostAddress();
        return throttle.guard(name, address, () -> basic.authenticate(context, identities));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return basic.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return basic.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return basic.getCredentialTransport(context);
    }

    /** The user name of a well-formed Basic header, else null (the mechanism itself then refuses the header). */
    static String basicUserName(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            var decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
