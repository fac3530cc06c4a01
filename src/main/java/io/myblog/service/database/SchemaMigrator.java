package io.myblog.service.database;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Applies the schema migrations on a thread of its own, so a long migration delays readiness but never the checks
 * (and so never the startup probe), and a shutdown lets a running migration finish instead of interrupting it.
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);

    /** Where the schema stands; {@code problem} is set only when the last attempt failed, in words safe to show. */
    record Status(boolean migrated, boolean running, String problem) {
    }

    private final Flyway flyway;
    private final SecretRedactor redactor;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "myblog-schema-migration");
        thread.setDaemon(true);
        return thread;
    });

    private volatile boolean migrated;
    private volatile String problem;

    SchemaMigrator(Flyway flyway, SecretRedactor redactor) {
        this.flyway = flyway;
        this.redactor = redactor;
    }

    Status status() {
        return new Status(migrated, running.get(), problem);
    }

    /**
     * Starts a migration unless the schema is done or one is running; returns at once. {@code whenMigrated} runs on the
     * migration's thread once the schema is migrated, so readiness need not wait for the next scheduled check.
     */
    void startIfNeeded(String location, Runnable whenMigrated) {
        if (migrated || executor.isShutdown() || !running.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> {
            try {
                migrate(location);
            } finally {
                running.set(false);
            }
            if (migrated) {
                whenMigrated.run();
            }
        });
    }

    private void migrate(String location) {
        try {
            var outcome = SchemaMigration.run(flyway, location, redactor);
            if (outcome.executed() > 0) {
                LOG.infof("Applied %d schema migration(s), schema now at version %s", outcome.executed(),
                        outcome.version());
            }
            problem = outcome.problem();
            migrated = outcome.migrated();
        } finally {
            // No connection kept idle for a migration that may never come: Agroal would validate it in an outage and
            // log its failure, a second line about an outage the monitor already reports.
            if (flyway.getConfiguration().getDataSource() instanceof AgroalDataSource pool) {
                pool.flush(AgroalDataSource.FlushMode.IDLE); // Flyway's pool: nothing else uses it
            }
        }
    }

    /**
     * Lets a running migration finish, for at most {@code grace}: MySQL cannot roll DDL back, so a migration cut off
     * halfway leaves a schema that needs a hand to repair.
     */
    void finish(Duration grace) {
        executor.shutdown();
        try {
            if (running.get()) {
                LOG.infof("Waiting up to %d s for the running schema migration to finish", grace.toSeconds());
            }
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("The schema migration did not finish within %d s of shutdown; it is cut off", grace.toSeconds());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
