package io.myblog.service.database;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Checks the database on its own thread, bounded and on a fixed delay, through a connection of its own (datasource
 * {@code check}): requests holding every pooled connection make the service busy, not its database dead. Starts the
 * schema migration whenever the database answers and the schema is not migrated yet. Probes read the last result, so
 * a probe never waits on the database and the service starts, and stays up, while MySQL is away.
 */
@ApplicationScoped
public class DatabaseMonitor {

    private static final Logger LOG = Logger.getLogger(DatabaseMonitor.class);

    private final AgroalDataSource checks;
    private final SchemaMigrator migrator;
    private final DatabaseSettings settings;
    private final SecretRedactor redactor;
    private final Event<SchemaReady> schemaReady;
    private final Clock clock = Clock.systemUTC();
    private final String location;
    // A driver may ignore its own timeouts (a peer that accepts TCP and stays silent): the bound is enforced here.
    private final ExecutorService prober = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "myblog-database-probe");
        thread.setDaemon(true);
        return thread;
    });

    private volatile DatabaseState state = DatabaseState.notCheckedYet();
    private volatile boolean firstCheckDone;
    private volatile boolean stopping;
    private Future<Void> pendingProbe;
    private volatile ScheduledExecutorService checker;

    DatabaseMonitor(@DataSource("check") AgroalDataSource checks, SchemaMigrator migrator,
            DatabaseSettings settings, SecretRedactor redactor, Event<SchemaReady> schemaReady) {
        this.checks = checks;
        this.migrator = migrator;
        this.settings = settings;
        this.redactor = redactor;
        this.schemaReady = schemaReady;
        this.location = DatabaseFailures.location(
                checks.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl());
    }

    void start(@Observes StartupEvent event) {
        if (!settings.monitorEnabled()) {
            return;
        }
        checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "myblog-database-check");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::check, 0, settings.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checks stop at once; a running migration may finish (Kubernetes' grace period bounds the whole shutdown). */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (checker != null) {
            checker.shutdownNow();
        }
        prober.shutdownNow();
        migrator.finish(settings.migrationGrace());
    }

    /** One check out of turn, on the checker's thread: the schema was just migrated, readiness can say so now. */
    private void checkNow() {
        var current = checker;
        if (current != null && !stopping) {
            try {
                current.execute(this::check);
            } catch (RejectedExecutionException e) {
                // shutting down: no news is needed
            }
        }
    }

    /** The latest result, or "unknown" when the checker has not reported within {@code staleAfter}. */
    public DatabaseState state() {
        var current = state;
        if (firstCheckDone && current.checkedAt().plus(settings.staleAfter()).isBefore(clock.instant())) {
            return new DatabaseState(false, current.migrated(),
                    "no database check finished in the last " + settings.staleAfter().toSeconds() + " s", current.checkedAt());
        }
        return current;
    }

    /** True once one check has finished, whatever it found and whether or not a migration is still running. */
    public boolean firstCheckDone() {
        return firstCheckDone;
    }

    /** Runs one check, bounded by {@code check-timeout}; the scheduled checker calls it. */
    public synchronized DatabaseState check() {
        var previous = state;
        var failure = probe();
        DatabaseState next;
        if (failure != null) {
            next = new DatabaseState(false, migrator.status().migrated(), failure, clock.instant());
        } else {
            migrator.startIfNeeded(location, this::checkNow);
            var schema = migrator.status();
            next = new DatabaseState(true, schema.migrated(), schemaReason(schema), clock.instant());
        }
        if (next.ready() && !previous.ready()) {
            schemaReady.fire(new SchemaReady()); // before readiness says so: the first admin is there when traffic comes
        }
        state = next;
        firstCheckDone = true;
        logTransition(previous, next);
        return next;
    }

    private static String schemaReason(SchemaMigrator.Status schema) {
        if (schema.migrated()) {
            return "database answers, schema migrated";
        }
        if (schema.problem() != null) {
            return schema.problem(); // kept while the next attempt runs, so the reason does not flap

        }
        return "database answers, schema migration running";
    }

    /** Null when the database answered within the bound, else why not. */
    private String probe() {
        long timeoutMillis = settings.checkTimeout().toMillis();
        if (pendingProbe != null && !pendingProbe.isDone()) {
            return "database at " + location + " is unreachable: the previous check is still without an answer";
        }
        pendingProbe = prober.submit(this::validate);
        try {
            pendingProbe.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return "database at " + location + " is unreachable: no answer within " + timeoutMillis + " ms";
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                return DatabaseFailures.describe(sql, location);
            }
            return "database check failed: " + redactor.redact(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "database check interrupted";
        }
    }

    private Void validate() throws SQLException {
        int timeoutSeconds = (int) Math.max(1, settings.checkTimeout().toSeconds());
        boolean valid = false;
        try (var connection = checks.getConnection()) {
            valid = connection.isValid(timeoutSeconds);
        } finally {
            if (!valid) {
                checks.flush(AgroalDataSource.FlushMode.ALL); // never hand the next check a dead connection
            }
        }
        if (!valid) {
            throw new SQLException("no answer to a ping within " + timeoutSeconds + " s", "08S01");
        }
        return null;
    }

    private void logTransition(DatabaseState previous, DatabaseState next) {
        if (stopping) {
            return; // the pool is closing under us: not news about the database
        }
        if (next.ready() && !previous.ready()) {
            LOG.infof("Database ready: %s", next.reason());
        } else if (!next.ready() && (previous.ready() || !next.reason().equals(previous.reason()))) {
            LOG.warnf("Database not ready: %s; retrying every %d ms", next.reason(), settings.checkInterval().toMillis());
        }
    }
}
