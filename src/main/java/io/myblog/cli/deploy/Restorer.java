package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * {@code myblog restore}: one of the bundled MySQL's backups back into the app's database. The app's pods are stopped
 * for it (a write during the load would be lost, or mixed with the dump's rows), and started again once it is in.
 */
public final class Restorer {

    /** The field manager of the replica changes, so they read as the restore's in managedFields. */
    static final String FIELD_MANAGER = "myblog-restore";

    private final Cluster cluster;
    private final Console console;
    private final JobRun jobs;
    private final RolloutFollower follower;
    private final Duration pollInterval;
    private final Clock clock;

    public Restorer(Cluster cluster, Console console, Duration pollInterval, Clock clock) {
        this.cluster = cluster;
        this.console = console;
        this.jobs = new JobRun(cluster, console, new Applier(cluster), pollInterval, clock);
        this.follower = new RolloutFollower(cluster, console, pollInterval, clock);
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    public void restore(String name, boolean force, Instant started, Duration timeout) {
        var deadline = started.plus(timeout);
        var file = BackupJob.BackupFile.parse(name).orElseThrow(() -> DeployFailure.badInput("restore: " + name
                + " is not the name of a backup (myblog-<UTC time>-schema-<version>.sql, as deploy printed it)"));
        var database = Optional.ofNullable(cluster.call("get", "statefulsets.apps/" + DesiredState.DATABASE,
                () -> cluster.client().apps().statefulSets().inNamespace(cluster.namespace())
                        .withName(DesiredState.DATABASE).get()))
                .orElseThrow(() -> DeployFailure.badInput("restore: StatefulSet " + DesiredState.DATABASE
                        + " does not exist in namespace " + cluster.namespace() + "; restore works on the bundled "
                        + "MySQL (an external server's backups are its own tools')"));
        var app = cluster.deployment(DesiredState.APP);
        if (!force) {
            app.flatMap(live -> refusal(live, file)).ifPresent(reason -> {
                throw DeployFailure.rollout(reason);
            });
        }
        int replicas = app.map(live -> live.getSpec().getReplicas() == null ? 1 : live.getSpec().getReplicas()).orElse(0);
        if (replicas > 0) {
            console.line("scaling Deployment " + DesiredState.APP + " from " + replicas
                    + " to 0 replicas: no writes while the backup is loaded");
            scale(0);
            awaitNoPods(app.get(), deadline, timeout);
        }
        var stopped = "Deployment " + DesiredState.APP + " stays at 0 replicas, since its pods would start on a "
                + "database that may be half restored: run restore again, or start them with kubectl -n "
                + cluster.namespace() + " scale deployment/" + DesiredState.APP + " --replicas=" + Math.max(1, replicas);
        var restore = BackupJob.restore(database, file, started);
        var done = jobs.run(restore, new JobRun.Purpose("loading " + file.name() + " into the database",
                "restore failed: ", stopped), deadline, timeout);
        console.line(DesiredState.describe(restore) + " complete" + done.map(l -> ": " + l).orElse(""));
        if (app.isEmpty()) {
            console.line("restore complete: " + file.name() + " is in the database (no Deployment " + DesiredState.APP
                    + " to start)");
            return;
        }
        MigrationRunner.recordDatabaseVersion(cluster, file.schemaVersion());
        if (replicas > 0) {
            console.line("scaling Deployment " + DesiredState.APP + " back to " + replicas + " replicas");
            scale(replicas);
        }
        var outcome = follower.followDeployment(DesiredState.APP, deadline, timeout);
        if (!outcome.complete()) {
            throw DeployFailure.rollout("restore: " + file.name() + " is in the database, but the app did not come "
                    + "back: " + outcome.summary());
        }
        console.line("restore complete: " + file.name() + " is in the database; " + outcome.summary());
    }

    /**
     * Code written for another schema than the dump's would run on it (and migrate it again at start): refused, with
     * the revisions whose code fits, unless --force.
     */
    private Optional<String> refusal(Deployment live, BackupJob.BackupFile file) {
        var running = RollbackSchema.schemaVersion(live.getSpec().getTemplate());
        if (running.isEmpty() || running.getAsInt() == file.schemaVersion()) {
            return Optional.empty();
        }
        var fitting = RolloutFollower.replicaSetsOf(cluster, live)
                .filter(rs -> RollbackSchema.schemaVersion(rs.getSpec().getTemplate())
                        .equals(OptionalInt.of(file.schemaVersion())))
                .map(DesiredState::revisionOf).filter(r -> r > 0).sorted().map(String::valueOf)
                .collect(Collectors.toList());
        return Optional.of("restore refused: " + file.name() + " holds schema version " + file.schemaVersion()
                + ", and revision " + DesiredState.revisionOf(live) + " of Deployment " + DesiredState.APP
                + " runs code written for version " + running.getAsInt() + "; nothing was changed. "
                + (fitting.isEmpty() ? "No kept revision was written for version " + file.schemaVersion()
                        : "Roll back first (myblog rollback --force --to-revision " + fitting.get(fitting.size() - 1)
                                + "), then restore")
                + ", or pass --force");
    }

    /** A merge patch of the replicas alone; an HPA does not scale a Deployment at 0 and takes over again after. */
    private void scale(int replicas) {
        cluster.call("patch", "deployments.apps/" + DesiredState.APP, () -> deployments().withName(DesiredState.APP)
                .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(FIELD_MANAGER)
                        .build(), Serialization.asJson(Map.of("spec", Map.of("replicas", replicas)))));
    }

    private void awaitNoPods(Deployment app, Instant deadline, Duration timeout) {
        var selector = app.getSpec().getSelector().getMatchLabels();
        while (true) {
            var left = cluster.call("list", "pods", () -> cluster.client().pods().inNamespace(cluster.namespace())
                    .withLabels(selector).list().getItems()).size();
            if (left == 0) {
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw DeployFailure.rollout("restore: timed out after " + Durations.format(timeout) + " waiting for the "
                        + left + " pod(s) of Deployment " + DesiredState.APP + " to stop; nothing was restored ("
                        + "it stays at 0 replicas: kubectl -n " + cluster.namespace() + " scale deployment/"
                        + DesiredState.APP + " to start it again)");
            }
            PollPause.beforeNextPoll(pollInterval, clock, deadline, "the pods of " + DesiredState.APP + " to stop");
        }
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Deployment, io.fabric8.kubernetes.api.model.apps.DeploymentList,
            io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment>> deployments() {
        return cluster.client().apps().deployments().inNamespace(cluster.namespace());
    }
}
