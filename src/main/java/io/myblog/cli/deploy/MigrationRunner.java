package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs a release's migration Job before its Deployment is applied, after a backup of the bundled MySQL, and waits for
 * the Job controller's verdict: a failure stops the deploy with the pod's reason while the running pods, untouched,
 * keep serving.
 */
final class MigrationRunner {

    /** A field manager of its own, so deploy's server-side apply of the Deployment never removes the record. */
    static final String RECORDING_MANAGER = "myblog-migrate";
    private static final String UNCHANGED = "Deployment " + DesiredState.APP + " was not changed, its pods keep serving";

    private final Cluster cluster;
    private final Console console;
    private final JobRun jobs;

    MigrationRunner(Cluster cluster, Console console, JobRun jobs) {
        this.cluster = cluster;
        this.console = console;
        this.jobs = jobs;
    }

    /**
     * Runs {@code job} when the app's image is new (a first deploy, or another image than the live Deployment's),
     * {@code backup} first when there is one (the bundled MySQL); returns once both completed,
     * throws a {@link DeployFailure} when one failed or {@code deadline} passed.
     */
    void runBefore(Job job, Optional<Job> backup, Optional<Deployment> live, Instant deadline, Duration timeout) {
        var image = job.getMetadata().getAnnotations().get(MigrationJob.IMAGE);
        if (live.isPresent() && MigrationJob.image(live.get()).equals(image)) {
            console.line(DesiredState.describe(job) + " not needed: the running pods already have image " + image);
            return;
        }
        var name = job.getMetadata().getName();
        var existing = jobs.get(name);
        if (existing.isPresent() && MigrationJob.finished(existing.get()).orElse(false)) {
            console.line(DesiredState.describe(job) + " already completed for image " + image);
            return;
        }
        if (existing.isPresent() && MigrationJob.finished(existing.get()).isPresent()) {
            jobs.delete(name);
            console.line(DesiredState.describe(job) + " of an earlier failed attempt deleted");
        }
        if (backup.isPresent() && jobs.get(backup.get().getMetadata().getName()).isPresent()) {
            // applying it would find the earlier run's verdict, and this deploy would go on without a backup
            throw DeployFailure.rollout("deploy failed: Job " + backup.get().getMetadata().getName() + " already exists "
                    + "(another deploy started in the same millisecond?); run deploy again. Nothing was migrated and "
                    + UNCHANGED);
        }
        if (backup.isPresent()) {
            // a first deploy too: undeploy keeps the data, so a "first" deploy may find a database to migrate
            var written = jobs.run(backup.get(), new JobRun.Purpose("backing up the database before the migrations of "
                    + image, "deploy failed: the backup before the schema migration: ", "the migrations did not run and "
                    + UNCHANGED), deadline, timeout);
            console.line(DesiredState.describe(backup.get()) + " complete" + written.map(l -> ": " + l).orElse(""));
        }
        jobs.run(job, new JobRun.Purpose("applying the schema migrations of " + image + " before the rollout",
                "deploy failed: the schema migration ", UNCHANGED), deadline, timeout);
        console.line(DesiredState.describe(job) + " complete: the schema is at this release's version");
        var version = job.getMetadata().getAnnotations().get(MigrationJob.SCHEMA_VERSION);
        if (live.isPresent() && version != null) {
            // What rollback compares with; a first deploy's revision carries it on its template.
            recordDatabaseVersion(cluster, Integer.parseInt(version));
        }
    }

    /** Records on Deployment myblog the schema version the database is at now (RollbackSchema reads it). */
    static void recordDatabaseVersion(Cluster cluster, int version) {
        cluster.call("patch", "deployments.apps/" + DesiredState.APP, () -> cluster.client().apps().deployments()
                .inNamespace(cluster.namespace()).withName(DesiredState.APP)
                .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                        .withFieldManager(RECORDING_MANAGER).build(),
                        Serialization.asJson(RollbackSchema.recording(version))));
    }
}
