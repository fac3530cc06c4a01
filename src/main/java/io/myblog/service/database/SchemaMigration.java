package io.myblog.service.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * One run of the schema migrations and its outcome in words safe to show: what {@link SchemaMigrator} does on its
 * thread when a pod starts, and what {@code myblog migrate} ({@link MigrateProgram}) does in deploy's Job.
 */
final class SchemaMigration {

    /** {@code problem} is set only when the run failed; {@code version} is the schema's version after the run. */
    record Outcome(boolean migrated, int executed, String version, String problem) {
    }

    private SchemaMigration() {
    }

    /** Flyway takes a MySQL named lock, so replicas (or a Job and a pod) starting together apply each migration once. */
    static Outcome run(Flyway flyway, String location, SecretRedactor redactor) {
        try {
            var result = flyway.migrate();
            var version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            return new Outcome(true, result.migrationsExecuted, version, null);
        } catch (FlywayException e) {
            return new Outcome(false, 0, null, DatabaseFailures.isUnavailable(e)
                    ? DatabaseFailures.describe(e, location)
                    : "schema migration failed: " + redactor.redact(e.getMessage()));
        }
    }
}
