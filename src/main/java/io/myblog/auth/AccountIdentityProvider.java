package io.myblog.auth;

import io.myblog.account.Account;
import io.myblog.account.AccountStore;
import io.myblog.account.Passwords;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Checks a name and password (HTTP Basic) against the account store: the account is read on the I/O thread, the
 * bcrypt comparison runs on a worker thread. An unknown name pays a bcrypt comparison as well, so the time of the
 * answer does not tell which names exist. Ours, not Quarkus Security JPA's: that one reads through Hibernate.
 */
@ApplicationScoped
public class AccountIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final AccountStore accounts;

    AccountIdentityProvider(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        var password = new String(request.getPassword().getPassword());
        return accounts.find(request.getUsername())
                // a database that could not be asked travels as the cause: ProblemMappers answers 503, not 401
                .onFailure().transform(AuthenticationFailedException::new)
                .flatMap(found -> context.runBlocking(() -> verified(found, password)));
    }

    private static SecurityIdentity verified(Optional<Account> found, String password) {
        if (!Passwords.matchesOrDummy(password, found.map(Account::passwordHash))) {
            throw new AuthenticationFailedException("wrong name or password");
        }
        var account = found.orElseThrow();
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(account.name()))
                .addRoles(account.roles())
                .build();
    }
}
