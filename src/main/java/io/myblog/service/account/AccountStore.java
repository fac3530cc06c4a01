package io.myblog.service.account;

import io.myblog.service.database.DatabaseFailures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
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

    /**
     * Names compare exactly: {@code utf8mb4_bin} is a PAD SPACE collation (MariaDB, MySQL 5.7), so {@code name = 'admin  '}
     * matches {@code admin}; the comparison of the bytes, which is NO PAD on every server, makes it the account or
     * none. The first condition keeps the primary-key lookup.
     */
    private static final String EXACTLY = "name = ? AND CAST(name AS BINARY) = CAST(? AS BINARY)";
    static final String FIND = "SELECT name, password_hash, roles FROM account WHERE " + EXACTLY;
    static final String LIST = "SELECT name, password_hash, roles FROM account ORDER BY name";
    /** Inserts nothing when the name belonged to a deleted account, whose articles still carry it. */
    static final String INSERT = "INSERT INTO account (name, password_hash, roles) SELECT ?, ?, ? FROM DUAL"
            + " WHERE NOT EXISTS (SELECT 1 FROM retired_account_name WHERE " + EXACTLY + ")";
    static final String RETIRE = "INSERT IGNORE INTO retired_account_name (name, retired_at) VALUES (?, UTC_TIMESTAMP(6))";
    static final String UPDATE = "UPDATE account SET password_hash = ?, roles = ? WHERE " + EXACTLY;
    static final String DELETE = "DELETE FROM account WHERE " + EXACTLY;
    /** Replicas starting together on an empty table leave exactly one row; an existing account is never touched. */
    static final String INSERT_IF_ABSENT = "INSERT IGNORE INTO account (name, password_hash, roles) VALUES (?, ?, ?)";
    static final String ANY_ADMIN = "SELECT 1 FROM account WHERE FIND_IN_SET('" + Role.ADMIN + "', roles) > 0 LIMIT 1";
    /** Locks every admin's row: two admins removing each other at once cannot both pass the last-admin check. */
    static final String ADMINS_FOR_UPDATE = "SELECT name FROM account WHERE FIND_IN_SET('" + Role.ADMIN + "', roles) > 0"
            + " FOR UPDATE";

    /** What a write that must leave an admin did. */
    enum Outcome { DONE, NOT_FOUND, LAST_ADMIN }

    /** MySQL's ER_DUP_ENTRY. */
    private static final int DUPLICATE_KEY = 1062;

    private final Pool pool;

    AccountStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Account>> find(String name) {
        return withConnection("Reading an account", connection -> connection.preparedQuery(FIND).execute(Tuple.of(name, name)))
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

    /**
     * Fails with {@link AccountExists} when the name is taken, also by a create that ran at the same time, and with
     * {@link AccountNameRetired} when it belonged to a deleted account.
     */
    Uni<Void> insert(Account account) {
        return pool.withConnection(connection -> connection.preparedQuery(INSERT).execute(Tuple.of(account.name(),
                        account.passwordHash(), Role.join(account.roles()), account.name(), account.name())))
                .onFailure(AccountStore::duplicateKey).transform(duplicate -> new AccountExists(account.name()))
                .onFailure(failure -> !(failure instanceof AccountExists))
                .transform(failure -> DatabaseFailures.translate("Creating an account", failure))
                .map(inserted -> {
                    if (inserted.rowCount() == 0) {
                        throw new AccountNameRetired(account.name());
                    }
                    return null;
                });
    }

    /**
     * Gives the account this hash and these roles, unless that would leave no admin: in one transaction that locks the
     * admins' rows first.
     */
    Uni<Outcome> update(Account account) {
        return keepingAnAdmin("Changing an account", account.name(), !account.roles().contains(Role.ADMIN),
                connection -> connection.preparedQuery(UPDATE)
                        .execute(Tuple.of(account.passwordHash(), Role.join(account.roles()), account.name(), account.name())));
    }

    /** Deletes the account, unless it is the last admin, and retires its name in the same transaction. */
    Uni<Outcome> delete(String name) {
        return keepingAnAdmin("Deleting an account", name, true,
                connection -> connection.preparedQuery(DELETE).execute(Tuple.of(name, name))
                        .call(deleted -> deleted.rowCount() == 1
                                ? connection.preparedQuery(RETIRE).execute(Tuple.of(name))
                                : Uni.createFrom().voidItem()));
    }

    /** Creates the account unless one of that name exists; true if it did. */
    Uni<Boolean> insertIfAbsent(Account account) {
        return withConnection("Setting up an account", connection -> connection.preparedQuery(INSERT_IF_ABSENT)
                .execute(Tuple.of(account.name(), account.passwordHash(), Role.join(account.roles()))))
                .map(done -> done.rowCount() == 1);
    }

    private Uni<Outcome> keepingAnAdmin(String what, String name, boolean removesAdmin,
            Function<SqlConnection, Uni<RowSet<Row>>> write) {
        return DatabaseFailures.translated(what, pool.withTransaction(connection -> connection.preparedQuery(ADMINS_FOR_UPDATE).execute()
                        .flatMap(admins -> {
                            var names = new ArrayList<String>();
                            admins.forEach(row -> names.add(row.getString(0)));
                            if (removesAdmin && names.size() == 1 && names.get(0).equals(name)) {
                                return Uni.createFrom().item(Outcome.LAST_ADMIN);
                            }
                            return write.apply(connection)
                                    .map(done -> done.rowCount() == 1 ? Outcome.DONE : Outcome.NOT_FOUND);
                        })));
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

    private <T> Uni<T> withConnection(String what, Function<SqlConnection, Uni<T>> work) {
        return DatabaseFailures.translated(what, pool.withConnection(work));
    }
}
