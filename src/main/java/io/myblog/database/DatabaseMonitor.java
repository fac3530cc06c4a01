package io.myblog.database;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jboss.logging.Logger;

/**
 * Checks the database on its own thread, bounded and on a fixed delay, and applies pending migrations whenever it
 * finds the database answering after it was not. Probes read the last result, so a probe never waits on the database
 * and the service starts, and stays up, while MySQL is away.
 */
@ApplicationScoped
public class DatabaseMonitor {

    private static final Logger LOG = Logger.getLogger(DatabaseMonitor.class);

    private final AgroalDataSource dataSource;
    private final Flyway flyway;
    private final DatabaseSettings settings;
    private final SecretRedactor redactor;
    private final Event<SchemaReady> schemaReady;
    private final Clock clock = Clock.systemUTC();
    private final String location;

    private volatile DatabaseState state = DatabaseState.notCheckedYet();
    private volatile boolean firstCheckDone;
    private volatile boolean stopping;
    private ScheduledExecutorService checker;

    DatabaseMonitor(AgroalDataSource dataSource, Flyway flyway, DatabaseSettings settings, SecretRedactor redactor,
            Event<SchemaReady> schemaReady) {
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.settings = settings;
        this.redactor = redactor;
        this.schemaReady = schemaReady;
        this.location = DatabaseFailures.location(
                dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl());
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

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (checker != null) {
            checker.shutdownNow();
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

    public boolean firstCheckDone() {
        return firstCheckDone;
    }

    /** Runs one bounded check now; the scheduled checker calls it, tests may too. */
    public DatabaseState check() {
        var previous = state;
        var next = probe(previous);
        state = next;
        firstCheckDone = true;
        logTransition(previous, next);
        return next;
    }

    private DatabaseState probe(DatabaseState previous) {
        var next = probeOnce(previous);
        if (!next.reachable()) {
            // Pooled connections from before an outage are dead; drop them so the next borrow opens a fresh one.
            dataSource.flush(AgroalDataSource.FlushMode.INVALID);
        }
        return next;
    }

    private DatabaseState probeOnce(DatabaseState previous) {
        var now = clock.instant();
        int timeoutSeconds = (int) Math.max(1, settings.checkTimeout().toSeconds());
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(timeoutSeconds)) {
                return new DatabaseState(false, previous.migrated(),
                        "database at " + location + " is unreachable: no answer within " + timeoutSeconds + " s", now);
            }
        } catch (SQLException e) {
            return new DatabaseState(false, previous.migrated(), DatabaseFailures.describe(e, location), now);
        } catch (RuntimeException e) {
            return new DatabaseState(false, previous.migrated(), "database check failed: " + redactor.redact(e.getMessage()), now);
        }
        if (previous.ready()) {
            return new DatabaseState(true, true, "database answers", now);
        }
        return migrate(now);
    }

    /** Flyway takes a MySQL named lock, so replicas starting together apply each migration once. */
    private DatabaseState migrate(Instant now) {
        try {
            var result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.infof("Applied %d schema migration(s), schema now at version %s",
                        result.migrationsExecuted, result.targetSchemaVersion);
            }
            schemaReady.fire(new SchemaReady());
            return new DatabaseState(true, true, "database answers, schema migrated", now);
        } catch (FlywayException e) {
            var reason = DatabaseFailures.isUnavailable(e)
                    ? DatabaseFailures.describe(e, location)
                    : "schema migration failed: " + redactor.redact(e.getMessage());
            return new DatabaseState(true, false, reason, now);
        }
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
