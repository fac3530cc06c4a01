package io.myblog.account;

import io.myblog.database.DatabaseFailures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The accounts ({@code account}): the only class that holds their SQL, on the reactive MySQL client like the
 * articles, with one row mapper and one failure mapping ({@link DatabaseFailures#translate}) around each use of the
 * pool. Every write is one autocommit statement.
 */
@ApplicationScoped
public class AccountStore {

    static final String FIND = "SELECT name, password_hash, roles FROM account WHERE name = ?";
    static final String LIST = "SELECT name, password_hash, roles FROM account ORDER BY name";
    static final String INSERT = "INSERT INTO account (name, password_hash, roles) VALUES (?, ?, ?)";
    static final String UPDATE = "UPDATE account SET password_hash = ?, roles = ? WHERE name = ?";
    static final String DELETE = "DELETE FROM account WHERE name = ?";
    /** Replicas starting together on an empty table leave exactly one row. */
    static final String UPSERT = "INSERT INTO account (name, password_hash, roles) VALUES (?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), roles = VALUES(roles)";
    static final String ANY_ADMIN = "SELECT 1 FROM account WHERE FIND_IN_SET('" + Role.ADMIN + "', roles) > 0 LIMIT 1";

    /** MySQL's ER_DUP_ENTRY. */
    private static final int DUPLICATE_KEY = 1062;

    private final Pool pool;

    AccountStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Account>> find(String name) {
        return withConnection("Reading an account", connection -> connection.preparedQuery(FIND).execute(Tuple.of(name)))
                .map(rows -> {
                    var found = rows.iterator();
                    return found.hasNext() ? Optional.of(account(found.next())) : Optional.empty();
                });
    }

    Uni<List<Account>> list() {
        return withConnection("Listing accounts", connection -> connection.preparedQuery(LIST).execute())
                .map(rows -> {
                    var accounts = new ArrayList<Account>(rows.size());
                    rows.forEach(row -> accounts.add(account(row)));
                    return accounts;
                });
    }

    /** Fails with {@link AccountExists} when the name is taken, also by a create that ran at the same time. */
    Uni<Void> insert(Account account) {
        return pool.withConnection(connection -> connection.preparedQuery(INSERT)
                        .execute(Tuple.of(account.name(), account.passwordHash(), Role.join(account.roles()))))
                .onFailure(AccountStore::duplicateKey).transform(duplicate -> new AccountExists(account.name()))
                .onFailure(failure -> !(failure instanceof AccountExists))
                .transform(failure -> DatabaseFailures.translate("Creating an account", failure))
                .replaceWithVoid();
    }

    /** True if there was such an account. */
    Uni<Boolean> update(Account account) {
        return withConnection("Changing an account", connection -> connection.preparedQuery(UPDATE)
                .execute(Tuple.of(account.passwordHash(), Role.join(account.roles()), account.name())))
                .map(done -> done.rowCount() == 1);
    }

    /** True if there was such an account. */
    Uni<Boolean> delete(String name) {
        return withConnection("Deleting an account", connection -> connection.preparedQuery(DELETE).execute(Tuple.of(name)))
                .map(done -> done.rowCount() == 1);
    }

    /** Creates the account, or gives the existing one this hash and these roles. */
    Uni<Void> upsert(Account account) {
        return withConnection("Setting up an account", connection -> connection.preparedQuery(UPSERT)
                .execute(Tuple.of(account.name(), account.passwordHash(), Role.join(account.roles()))))
                .replaceWithVoid();
    }

    Uni<Boolean> anyAdmin() {
        return withConnection("Looking for an admin", connection -> connection.preparedQuery(ANY_ADMIN).execute())
                .map(rows -> rows.size() > 0);
    }

    /** The one row mapper of an account. */
    private static Account account(Row row) {
        return new Account(row.getString(0), row.getString(1), Role.split(row.getString(2)));
    }

    private static boolean duplicateKey(Throwable failure) {
        return failure instanceof DatabaseException server && server.getErrorCode() == DUPLICATE_KEY;
    }

    /** Outside the pool's call, so a connection that could not be had is mapped as a failed statement is. */
    private <T> Uni<T> withConnection(String what, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(work).onFailure().transform(failure -> DatabaseFailures.translate(what, failure));
    }
}
