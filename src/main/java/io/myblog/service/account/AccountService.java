package io.myblog.service.account;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Accounts: who may write, their roles, and their passwords (stored only as bcrypt hashes). Reads and writes go
 * through {@link AccountStore} on the I/O thread; bcrypt, ~50 ms of CPU, always on a worker thread.
 */
@ApplicationScoped
public class AccountService {

    /** The account {@code MYBLOG_ADMIN_PASSWORD} sets up. */
    public static final String FIRST_ADMIN = "admin";

    private final AccountStore store;
    private final Cache credentials;

    AccountService(AccountStore store, @CacheName("account-credentials") Cache credentials) {
        this.store = store;
        this.credentials = credentials;
    }

    public Uni<List<AccountView>> list() {
        return store.list().map(accounts -> accounts.stream().map(AccountView::of).toList());
    }

    /** {@link AccountExists} when the name is taken, also by a create at the same time (the primary key decides). */
    public Uni<AccountView> create(AccountInput input) {
        return onWorker(() -> Passwords.hash(input.password()))
                .flatMap(hash -> {
                    var account = new Account(input.name(), hash, new TreeSet<>(input.roles()));
                    return store.insert(account).call(() -> forget(account.name())).replaceWith(AccountView.of(account));
                });
    }

    /**
     * An admin may change any account; an author only its own password. A new password sent with a session token needs
     * the caller's current password ({@link AccountChange#currentPassword}). The last admin keeps its role.
     */
    public Uni<AccountView> change(String name, AccountChange change, Caller caller) {
        if (!caller.admin()) {
            if (!caller.name().equals(name)) {
                return Uni.createFrom().failure(new AccountChangeRefused("Only an admin may change another account."));
            }
            if (change.roles() != null) {
                return Uni.createFrom().failure(new AccountChangeRefused("Only an admin may change roles."));
            }
        }
        return proven(change, caller)
                .flatMap(proven -> store.find(name))
                .map(found -> found.orElseThrow(() -> new AccountNotFound(name)))
                .flatMap(account -> (change.password() == null
                        ? Uni.createFrom().item(account.passwordHash())
                        : onWorker(() -> Passwords.hash(change.password())))
                        .map(hash -> new Account(name, hash,
                                change.roles() == null ? account.roles() : new TreeSet<>(change.roles()))))
                .flatMap(changed -> store.update(changed).map(outcome -> switch (outcome) {
                    case DONE -> changed;
                    case NOT_FOUND -> throw new AccountNotFound(name); // deleted since it was read
                    case LAST_ADMIN -> throw new LastAdmin(name);
                }))
                .call(changed -> forget(name))
                .map(AccountView::of);
    }

    /**
     * A password change over a session token must come with the caller's current password; Basic credentials proved it
     * already. Refused as 403, the same whether the field is missing or wrong.
     */
    private Uni<Void> proven(AccountChange change, Caller caller) {
        if (change.password() == null || !caller.byToken()) {
            return Uni.createFrom().voidItem();
        }
        var refused = new AccountChangeRefused("A new password sent with a session token needs currentPassword, the "
                + "current password of the signed-in account.");
        if (change.currentPassword() == null) {
            return Uni.createFrom().failure(refused);
        }
        return store.find(caller.name())
                .flatMap(own -> onWorker(() -> Passwords.matchesOrDummy(change.currentPassword(),
                        own.map(Account::passwordHash))))
                .map(matches -> {
                    if (!matches) {
                        throw refused;
                    }
                    return null;
                });
    }

    public Uni<Void> delete(String name) {
        return store.delete(name)
                .map(outcome -> switch (outcome) {
                    case DONE -> name;
                    case NOT_FOUND -> throw new AccountNotFound(name);
                    case LAST_ADMIN -> throw new LastAdmin(name);
                })
                .call(this::forget)
                .replaceWithVoid();
    }

    /**
     * What a token is checked against: from the cache without leaving the I/O thread, else one select. Remembered for
     * {@code quarkus.cache.caffeine."account-credentials".expire-after-write}: a change through this replica applies at
     * once, one through another replica within that time.
     */
    public Uni<Optional<Credentials>> credentials(String name) {
        return credentials.getAsync(name, key -> store.find(key)
                .map(found -> found.map(a -> new Credentials(a.name(), a.roles(), Passwords.stamp(a.passwordHash())))));
    }

    /** The stamp a new token carries: the caller's password as it is now, read from the store, not the cache. */
    public Uni<Optional<String>> stamp(String name) {
        return store.find(name).map(found -> found.map(account -> Passwords.stamp(account.passwordHash())));
    }

    /**
     * Creates account {@code admin} with this password if no account is an admin; true if it did. Never changes an
     * existing account: a password rotated through the API stays rotated, a deleted admin stays deleted while another
     * admin exists. Replicas starting together leave one row (INSERT IGNORE on the primary key).
     */
    public Uni<Boolean> createFirstAdminIfNone(String password) {
        return store.anyAdmin().flatMap(any -> any
                ? Uni.createFrom().item(false)
                : onWorker(() -> Passwords.hash(password))
                        .flatMap(hash -> store.insertIfAbsent(new Account(FIRST_ADMIN, hash, Set.of(Role.ADMIN))))
                        .call(() -> forget(FIRST_ADMIN)));
    }

    public Uni<Boolean> anyAdmin() {
        return store.anyAdmin();
    }

    private Uni<Void> forget(String name) {
        return credentials.invalidate(name);
    }

    private static <T> Uni<T> onWorker(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
