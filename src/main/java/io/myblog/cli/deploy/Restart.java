package io.myblog.cli.deploy;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.shared.ChangeCause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Restarts the pods with a rolling update, as {@code kubectl rollout restart}, onto today's ConfigMap and Secret
 * {@value DesiredState#APP}: one patch sets the restart annotation and points the template at their snapshots
 * (new ones when edited since), so one rollout. A patch, deliberately not an apply, so that the next deploy does
 * not take the annotation away again.
 */
public final class Restart {

    private final Cluster cluster;
    private final Console console;
    private final Clock clock;
    private final RolloutFollower follower;
    private final ConfigSnapshots snapshots;
    private final Rollback rollback;

    public Restart(Cluster cluster, Console console, Duration pollInterval, Clock clock) {
        this.cluster = cluster;
        this.console = console;
        this.clock = clock;
        this.follower = new RolloutFollower(cluster, console, pollInterval, clock);
        this.snapshots = new ConfigSnapshots(cluster, console);
        this.rollback = new Rollback(cluster, console, follower, new RevisionCauses(cluster, clock), snapshots);
    }

    /** Restarts and follows the rollout until {@code deadline}; a failed one is not rolled back. */
    public void restart(Instant deadline, Duration timeout) {
        var live = cluster.deployment(DesiredState.APP).orElseThrow(() -> DeployFailure.rollout("Deployment "
                + DesiredState.APP + " does not exist in namespace " + cluster.namespace() + ": nothing to restart"));
        var now = clock.instant();
        var patch = snapshots.restartPatch(live, Map.of("kubectl.kubernetes.io/restartedAt", now.toString()),
                ChangeCause.annotations(ChangeCause.RESTART, now));
        cluster.call("patch", "deployments.apps/" + DesiredState.APP, () -> cluster.client().apps().deployments()
                .inNamespace(cluster.namespace()).withName(DesiredState.APP)
                .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(patch)));
        console.line("restarting Deployment " + DesiredState.APP);
        var outcome = follower.followDeployment(DesiredState.APP, deadline, timeout);
        if (!outcome.complete()) {
            throw rollback.afterFailedRollout("restart failed: " + outcome.summary(), false, deadline, timeout);
        }
        snapshots.collectGarbage();
        console.line("restart complete: " + outcome.summary());
    }
}
