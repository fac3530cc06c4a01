package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.shared.ChangeCause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Returns Deployment {@value DesiredState#APP} to an earlier revision: {@code myblog rollback}, and what deploy and
 * restart do after a rollout that failed. Picks the target, refuses one the schema or the missing snapshots rule out,
 * patches the pod template back and follows that rollout.
 */
public final class Rollback {

    /** Field manager of a rollback: an update of the pod template only, like {@code kubectl rollout undo}. */
    static final String ROLLBACK_MANAGER = "myblog-rollback";
    /** At most this share of {@code --timeout} is kept back for rolling back a failed rollout. */
    private static final int ROLLBACK_SHARE = 5;
    private static final Duration MAX_ROLLBACK_RESERVE = Duration.ofMinutes(1);
    /** Without a rollback, this share (at most 5 s) is kept for reading the diagnosis after a timeout. */
    private static final int DIAGNOSIS_SHARE = 20;
    private static final Duration MAX_DIAGNOSIS_RESERVE = Duration.ofSeconds(5);

    private final Cluster cluster;
    private final Console console;
    private final RolloutFollower follower;
    private final RevisionCauses causes;
    private final ConfigSnapshots snapshots;

    public Rollback(Cluster cluster, Console console, Duration pollInterval, Clock clock) {
        this(cluster, console, new RolloutFollower(cluster, console, pollInterval, clock), new RevisionCauses(cluster, clock),
                new ConfigSnapshots(cluster, console));
    }

    Rollback(Cluster cluster, Console console, RolloutFollower follower, RevisionCauses causes,
            ConfigSnapshots snapshots) {
        this.cluster = cluster;
        this.console = console;
        this.follower = follower;
        this.causes = causes;
        this.snapshots = snapshots;
    }

    /** What a rollout may use of {@code timeout}: the rest is kept for what follows its failure (rollback or diagnosis). */
    static Duration reserve(Duration timeout, boolean canRollBack) {
        return canRollBack ? min(timeout.dividedBy(ROLLBACK_SHARE), MAX_ROLLBACK_RESERVE)
                : min(timeout.dividedBy(DIAGNOSIS_SHARE), MAX_DIAGNOSIS_RESERVE);
    }

    /** Rolls back to {@code revision} (or the one before the current) and follows that rollout until {@code deadline}. */
    public void rollback(Optional<Long> revision, Instant deadline, Duration timeout, boolean force) {
        var outcome = rollBackAndFollow(revision, deadline, timeout, force)
                .orElseThrow(() -> DeployFailure.rollout(revision.map(r -> "Deployment " + DesiredState.APP
                        + " has no revision " + r).orElse("Deployment " + DesiredState.APP
                        + " has no previous revision to roll back to")));
        if (!outcome.complete()) {
            throw DeployFailure.rollout("rollback failed: " + outcome.summary());
        }
        snapshots.collectGarbage();
        console.line("rollback complete: " + outcome.summary());
    }

    /** The failure of a rollout, after rolling back to the previous revision when {@code rollback} asks for it. */
    DeployFailure afterFailedRollout(String failure, boolean rollback, Instant deadline, Duration timeout) {
        if (!rollback) {
            return DeployFailure.rollout(failure + "; not rolled back"
                    + (failure.startsWith("deploy") ? " (--no-rollback)" : "") + ", the failed revision stays in place");
        }
        // No schema check: the previous revision's pods served on this schema throughout the failed rollout.
        var rolledBack = rollBackAndFollow(Optional.empty(), deadline, timeout, true);
        if (rolledBack.isEmpty()) {
            return DeployFailure.rollout(failure + "; not rolled back: there is no previous revision");
        }
        if (!rolledBack.get().complete()) {
            return DeployFailure.rollout(failure + "; the rollback failed too: " + rolledBack.get().summary());
        }
        return DeployFailure.rollout(failure + "; rolled back: " + rolledBack.get().summary());
    }

    /**
     * Puts the pod template of the target revision back with a JSON patch of {@code /spec/template} only, as
     * {@code kubectl rollout undo} does: the replica count (a {@code kubectl scale}'s, an HPA's) and the annotations
     * other managers keep on the Deployment stay theirs.
     */
    private Optional<RolloutFollower.Outcome> rollBackAndFollow(Optional<Long> revision, Instant deadline, Duration timeout,
            boolean force) {
        var live = cluster.deployment(DesiredState.APP).orElseThrow(() -> DeployFailure.rollout("Deployment "
                + DesiredState.APP + " does not exist in namespace " + cluster.namespace()));
        var target = target(live, revision);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        var refusal = force ? Optional.<String>empty() : RollbackSchema.refusal(live, target.get(),
                RolloutFollower.replicaSetsOf(cluster, live).toList(), SchemaCatalog.packaged());
        if (refusal.isPresent()) {
            throw DeployFailure.rollout(refusal.get());
        }
        long targetRevision = DesiredState.revisionOf(target.get());
        console.line("rolling Deployment " + DesiredState.APP + " back to revision " + targetRevision);
        var template = DesiredState.templateOf(target.get());
        var missing = snapshots.missing(template);
        if (!missing.isEmpty()) {
            // its pods would stop at CreateContainerConfigError: the configuration of that revision is gone
            throw DeployFailure.rollout("not rolled back: revision " + targetRevision + " reads " + String.join(" and ",
                    missing) + ", which no longer exist" + (missing.size() == 1 ? "s" : "") + " (deleted by hand?)");
        }
        var patch = Serialization.asJson(List.of(Map.of("op", "replace", "path", "/spec/template", "value", template)));
        cluster.call("patch", "deployments.apps/" + DesiredState.APP, () -> cluster.client().apps().deployments()
                .inNamespace(cluster.namespace()).withName(DesiredState.APP)
                .patch(new PatchContext.Builder().withPatchType(PatchType.JSON).withFieldManager(ROLLBACK_MANAGER).build(),
                        patch));
        causes.record(DesiredState.APP, ChangeCause.ROLLBACK + " to revision " + targetRevision);
        return Optional.of(follower.followDeployment(DesiredState.APP, deadline, timeout));
    }

    private Optional<ReplicaSet> target(Deployment live, Optional<Long> revision) {
        long current = DesiredState.revisionOf(live);
        var candidates = RolloutFollower.replicaSetsOf(cluster, live)
                .filter(rs -> revision.map(r -> DesiredState.revisionOf(rs) == r)
                        .orElse(DesiredState.revisionOf(rs) < current && DesiredState.revisionOf(rs) > 0))
                .filter(rs -> DesiredState.revisionOf(rs) != current)
                .toList();
        return candidates.stream().max(Comparator.comparingLong(DesiredState::revisionOf));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
