package io.myblog.account;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Accounts: who may write, their roles, and their passwords (stored only as bcrypt hashes). */
@ApplicationScoped
public class AccountService {

    /** The account {@code MYBLOG_ADMIN_PASSWORD} sets up. */
    public static final String FIRST_ADMIN = "admin";

    private final AccountRepository accounts;
    private final EntityManager entityManager;
    private final Cache credentials;

    AccountService(AccountRepository accounts, EntityManager entityManager,
            @CacheName("account-credentials") Cache credentials) {
        this.accounts = accounts;
        this.entityManager = entityManager;
        this.credentials = credentials;
    }

    public List<AccountView> list() {
        return accounts.findAll(io.quarkus.panache.common.Sort.by("name")).stream().map(AccountView::of).toList();
    }

    @Transactional
    public AccountView create(AccountInput input) {
        if (accounts.findByIdOptional(input.name()).isPresent()) {
            throw new AccountExists(input.name());
        }
        var account = new Account();
        account.name = input.name();
        account.passwordHash = Passwords.hash(input.password());
        account.roles = Role.join(input.roles());
        accounts.persistAndFlush(account);
        return AccountView.of(account);
    }

    /** An admin may change any account; an author only its own password. */
    @Transactional
    public AccountView change(String name, AccountChange change, Caller caller) {
        if (!caller.admin()) {
            if (!caller.name().equals(name)) {
                throw new AccountChangeRefused("Only an admin may change another account.");
            }
            if (change.roles() != null) {
                throw new AccountChangeRefused("Only an admin may change roles.");
            }
        }
        var account = accounts.findByIdOptional(name).orElseThrow(() -> new AccountNotFound(name));
        if (change.password() != null) {
            account.passwordHash = Passwords.hash(change.password());
        }
        if (change.roles() != null) {
            account.roles = Role.join(change.roles());
        }
        forget(name);
        return AccountView.of(account);
    }

    @Transactional
    public void delete(String name) {
        if (!accounts.deleteById(name)) {
            throw new AccountNotFound(name);
        }
        forget(name);
    }

    /**
     * What a token is checked against, remembered for {@code quarkus.cache.caffeine."account-credentials".expire-after-write}:
     * a change through this replica applies at once, one through another replica within that time.
     */
    public Optional<Credentials> credentials(String name) {
        return credentials.<String, Optional<Credentials>>get(name, this::load).await().indefinitely();
    }

    private Optional<Credentials> load(String name) {
        return QuarkusTransaction.joiningExisting().call(() -> accounts.findByIdOptional(name)
                .map(a -> new Credentials(a.name, Role.split(a.roles), Passwords.stamp(a.passwordHash))));
    }

    /** The stamp a new token carries: the caller's password as it is now. */
    public Optional<String> stamp(String name) {
        return credentials(name).map(Credentials::stamp);
    }

    /**
     * Makes sure account {@code admin} exists, is an admin and has this password. One statement that inserts or
     * updates, so replicas starting together on an empty table leave exactly one row. Returns whether it wrote.
     */
    @Transactional
    public boolean ensureFirstAdmin(String password) {
        var existing = accounts.findByIdOptional(FIRST_ADMIN);
        if (existing.isPresent() && Role.split(existing.get().roles).contains(Role.ADMIN)
                && Passwords.matches(password, existing.get().passwordHash)) {
            return false; // unchanged: rehashing would end every token the admin holds
        }
        entityManager.createNativeQuery("INSERT INTO account (name, password_hash, roles) VALUES (?1, ?2, ?3) "
                        + "ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), roles = VALUES(roles)")
                .setParameter(1, FIRST_ADMIN)
                .setParameter(2, Passwords.hash(password))
                .setParameter(3, Role.join(Set.of(Role.ADMIN)))
                .executeUpdate();
        forget(FIRST_ADMIN);
        return true;
    }

    @Transactional
    public boolean anyAdmin() {
        return accounts.find("roles like ?1", "%" + Role.ADMIN + "%").firstResultOptional().isPresent();
    }

    private void forget(String name) {
        credentials.invalidate(name).await().indefinitely();
    }
}
