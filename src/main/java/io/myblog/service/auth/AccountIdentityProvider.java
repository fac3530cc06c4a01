package io.myblog.service.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.myblog.service.account.Account;
import io.myblog.service.account.AccountService;
import io.myblog.service.account.AccountStore;
import io.myblog.service.account.Credentials;
import io.myblog.service.account.Passwords;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a name and password (HTTP Basic) against the account store: the account is read on the I/O thread, the
 * bcrypt comparison runs on a worker thread. An unknown name pays a bcrypt comparison as well, so the time of the
 * answer does not tell which names exist. Ours, not Quarkus Security JPA's: that one reads through Hibernate.
 * <p>
 * A verified pair is remembered for {@link #REMEMBERED} as a keyed hash of name and password (the key is this
 * process's own, random; the password is never kept), with the password stamp it was verified against. The next
 * request with the same pair costs no bcrypt while the account's stamp is unchanged: a password change or a deletion
 * ends it at once on this replica and within the account cache's bound (1 s) on the others, as for tokens.
 */
@ApplicationScoped
public class AccountIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    static final Duration REMEMBERED = Duration.ofMinutes(5);
    /** Bounds the memory a client rotating names can make us spend; a verified pair needs the right password. */
    private static final int MAX_REMEMBERED = 10_000;
    private static final String MAC = "HmacSHA256";

    private final AccountStore store;
    private final AccountService accounts;
    private final SecretKeySpec key;
    private final Cache<String, String> verified = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBERED).maximumSize(MAX_REMEMBERED).build();

    AccountIdentityProvider(AccountStore store, AccountService accounts) {
        this.store = store;
        this.accounts = accounts;
        var random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, MAC);
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        var name = request.getUsername();
        var password = new String(request.getPassword().getPassword());
        var pair = keyedHash(name, password);
        var stamp = verified.getIfPresent(pair);
        var remembered = stamp == null
                ? Uni.createFrom().item(Optional.<Credentials>empty())
                : accounts.credentials(name).map(current -> current.filter(c -> c.stamp().equals(stamp)));
        return remembered
                .flatMap(current -> current.isPresent()
                        ? Uni.createFrom().item(identity(current.get().name(), current.get().roles()))
                        : verify(name, password, pair, context))
                // a database that could not be asked travels as the cause: ProblemMappers answers 503, not 401
                .onFailure(failure -> !(failure instanceof AuthenticationFailedException))
                .transform(AuthenticationFailedException::new);
    }

    private Uni<SecurityIdentity> verify(String name, String password, String pair, AuthenticationRequestContext context) {
        verified.invalidate(pair);
        return store.find(name).flatMap(found -> context.runBlocking(() -> {
            if (!Passwords.matchesOrDummy(password, found.map(Account::passwordHash))) {
                throw new AuthenticationFailedException("wrong name or password");
            }
            var account = found.orElseThrow();
            verified.put(pair, Passwords.stamp(account.passwordHash()));
            return identity(account.name(), account.roles());
        }));
    }

    private static SecurityIdentity identity(String name, Set<String> roles) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRoles(roles).build();
    }

    /** Length-prefixed: no other name and password give the same bytes. */
    private String keyedHash(String name, String password) {
        try {
            var mac = Mac.getInstance(MAC);
            mac.init(key);
            return Base64.getEncoder().encodeToString(
                    mac.doFinal((name.length() + ":" + name + password).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
