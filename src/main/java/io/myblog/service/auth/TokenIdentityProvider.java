package io.myblog.service.auth;

import io.myblog.service.account.AccountService;
import io.myblog.service.account.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Accepts a token whose signature and expiry hold and whose password stamp is the account's current one; the roles
 * are the account's as they are now, not as they were when the token was issued. On the I/O thread while the account
 * is cached: no worker thread is involved unless the account must be read.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenRequest> {

    private final SessionTokens tokens;
    private final AccountService accounts;

    TokenIdentityProvider(SessionTokens tokens, AccountService accounts) {
        this.tokens = tokens;
        this.accounts = accounts;
    }

    @Override
    public Class<TokenRequest> getRequestType() {
        return TokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenRequest request, AuthenticationRequestContext context) {
        var claims = tokens.verify(request.token());
        if (claims.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid or expired token"));
        }
        return accounts.credentials(claims.get().name()).map(credentials -> credentials
                .filter(current -> current.stamp().equals(claims.get().stamp()))
                .map(current -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(current.name()))
                        .addRoles(current.roles())
                        .addAttribute(Caller.FROM_TOKEN, true) // a token cannot be traded for a fresh one
                        .build())
                .orElseThrow(() -> new AuthenticationFailedException("token of a changed or removed account")));
    }
}
