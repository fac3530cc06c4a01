package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.shared.ChangeCause;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Records why a Deployment's newest revision exists ({@link ChangeCause}), with a JSON merge patch, deliberately not an
 * apply: the next deploy does not apply these annotations and so must not own them, or it would remove them again.
 */
final class RevisionCauses {

    private final Cluster cluster;
    private final Clock clock;

    RevisionCauses(Cluster cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    void record(String deployment, String cause) {
        var patch = Serialization.asJson(Map.of("metadata", Map.of("annotations",
                ChangeCause.annotations(cause, clock.instant()))));
        cluster.call("patch", "deployments.apps/" + deployment, () -> cluster.client().apps().deployments()
                .inNamespace(cluster.namespace()).withName(deployment).patch(PatchContext.of(PatchType.JSON_MERGE),
                        patch));
    }

    /** Records {@code cause} when the apply changed the pod template, i.e. started a revision (none before counts). */
    void recordIfRolled(Optional<Deployment> before, Deployment applied, String cause) {
        if (!before.map(live -> live.getSpec().getTemplate()).equals(Optional.of(applied.getSpec().getTemplate()))) {
            record(applied.getMetadata().getName(), cause);
        }
    }
}
