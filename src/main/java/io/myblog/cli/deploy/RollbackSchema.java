package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether the code of a rollback's target revision works on the database's schema: refused when the database is ahead
 * of the target's newest migration across one not marked compatible with older code (db/migrations.txt).
 */
final class RollbackSchema {

    /** On Deployment myblog, by deploy after a migration Job completed: the version it migrated the database to. */
    static final String DATABASE_VERSION = "myblog/database-schema-version";

    private RollbackSchema() {
    }

    /**
     * The reason to refuse, if any. The database is at least at the newest version any kept revision carries (each
     * migrated it, by the Job or at pod start) and at what the last migration Job recorded on the Deployment.
     */
    static Optional<String> refusal(Deployment live, ReplicaSet target, Collection<ReplicaSet> revisions,
            SchemaCatalog catalog) {
        var database = Stream.concat(Stream.of(version(live.getMetadata().getAnnotations(), DATABASE_VERSION)),
                        revisions.stream().map(RollbackSchema::templateVersion))
                .flatMapToInt(v -> v.isPresent() ? java.util.stream.IntStream.of(v.getAsInt())
                        : java.util.stream.IntStream.empty()).max();
        if (database.isEmpty()) {
            return Optional.empty(); // deployed before revisions recorded their schema: nothing to compare
        }
        long revision = DesiredState.revisionOf(target);
        var targetVersion = templateVersion(target);
        if (targetVersion.isEmpty()) {
            return Optional.of("rollback refused: revision " + revision + " records no schema version ("
                    + MigrationJob.SCHEMA_VERSION + "), the database is at " + database.getAsInt()
                    + "; nothing was changed. Pass --force if you know its code works on this schema");
        }
        var blocking = catalog.notCompatibleBetween(targetVersion.getAsInt(), database.getAsInt());
        if (blocking.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("rollback refused: the database is at schema version " + database.getAsInt()
                + ", revision " + revision + " was written for version " + targetVersion.getAsInt() + ", and migration(s) "
                + blocking.stream().map(v -> "V" + v).collect(Collectors.joining(", "))
                + " between them are not marked " + SchemaCatalog.COMPATIBLE + " (" + SchemaCatalog.RESOURCE
                + "); nothing was changed. Roll forward with a fix instead, or pass --force if you know that code "
                + "works on this schema");
    }

    private static OptionalInt templateVersion(ReplicaSet revision) {
        return schemaVersion(revision.getSpec().getTemplate());
    }

    /** The schema a pod template's code was written for ({@link MigrationJob#SCHEMA_VERSION}), if it says. */
    static OptionalInt schemaVersion(PodTemplateSpec template) {
        return version(template.getMetadata().getAnnotations(), MigrationJob.SCHEMA_VERSION);
    }

    private static OptionalInt version(Map<String, String> annotations, String key) {
        var value = annotations == null ? null : annotations.get(key);
        try {
            return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The merge patch that records the database's version on Deployment myblog. */
    static Map<String, Object> recording(int version) {
        return Map.of("metadata", Map.of("annotations", Map.of(DATABASE_VERSION, String.valueOf(version))));
    }
}
