package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.myblog.shared.DeployInProgressMark;
import java.time.Instant;
import java.util.Optional;

/**
 * One deploy, one rollout. While {@code deploy} changes the ConfigMap and Secret and waits for MySQL, the running
 * pods' config watcher would see the new configuration and roll the old image with it; then the new Deployment would
 * roll again. So {@code deploy} first marks the live Deployment with {@link DeployInProgressMark} (until when, at most
 * the end of its {@code --timeout}); the watcher holds its restart while the mark stands, and the new pod template,
 * which carries the new config hash, rolls once. The mark is removed as soon as the Deployment is applied, and a deploy
 * that dies leaves one that expires by itself.
 */
public final class DeployInProgress {

    static final String FIELD_MANAGER = "myblog-deploy-in-progress";

    private final Cluster cluster;
    private boolean marked;

    private DeployInProgress(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Marks the live Deployment, if there is one, until {@code until}. */
    static DeployInProgress begin(Cluster cluster, Optional<Deployment> live, Instant until) {
        var hold = new DeployInProgress(cluster);
        if (live.isPresent()) {
            hold.patch("\"" + until + "\"");
            hold.marked = true;
        }
        return hold;
    }

    void end() {
        if (marked) {
            marked = false;
            patch("null");
        }
    }

    private void patch(String value) {
        var patch = "{\"metadata\":{\"annotations\":{\"" + DeployInProgressMark.ANNOTATION + "\":" + value + "}}}";
        cluster.call("patch", "deployments.apps/" + DesiredState.APP, () -> cluster.client().apps().deployments()
                .inNamespace(cluster.namespace()).withName(DesiredState.APP)
                .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(FIELD_MANAGER)
                        .build(), patch));
    }
}
