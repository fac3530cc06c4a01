package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code render} adds so that a GitOps tool runs the migration Job where {@code deploy} runs it: after the
 * configuration and the database, before Deployment {@code myblog}. {@code deploy} orders the apply itself and sends
 * none of this to the cluster.
 * <ul>
 * <li>Argo CD: the Job is a {@code Sync} hook in wave 1; everything else stays in wave 0, which Argo CD applies and
 * waits to be healthy first (StatefulSet mysql ready), and Deployment myblog goes to wave 2, after the hook completed
 * (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/). Not {@code PreSync}: that runs before anything of
 * the sync is applied, so on a first sync the Job's ConfigMap, ServiceAccount and database would not exist yet, and
 * later it would read the previous configuration.</li>
 * <li>Flux: kustomize-controller has no hooks; {@code force} makes it recreate the Job when its immutable pod template
 * changes instead of failing the whole apply (https://fluxcd.io/flux/components/kustomize/kustomizations/#force).</li>
 * <li>Both: no {@code ttlSecondsAfterFinished}. Flux re-creates an object of its source that went missing, so the
 * migration would run again after every TTL; Argo CD deletes the hook once it succeeded, a failed one at the next sync.</li>
 * </ul>
 */
public final class GitOpsOrder {

    public static final String ARGO_HOOK = "argocd.argoproj.io/hook";
    public static final String ARGO_HOOK_DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";
    public static final String ARGO_SYNC_WAVE = "argocd.argoproj.io/sync-wave";
    public static final String FLUX_FORCE = "kustomize.toolkit.fluxcd.io/force";

    private static final Map<String, String> JOB = Map.of(ARGO_HOOK, "Sync", ARGO_SYNC_WAVE, "1",
            ARGO_HOOK_DELETE_POLICY, "BeforeHookCreation,HookSucceeded", FLUX_FORCE, "enabled");
    private static final Map<String, String> APP = Map.of(ARGO_SYNC_WAVE, "2");

    private GitOpsOrder() {
    }

    /** {@code objects} as render writes them: the migration Job and the app's Deployment annotated, the rest as they are. */
    static List<HasMetadata> annotated(List<HasMetadata> objects) {
        return objects.stream().map(GitOpsOrder::annotated).toList();
    }

    private static HasMetadata annotated(HasMetadata object) {
        if (MigrationJob.isMigrationJob(object)) {
            var job = (Job) Serialization.clone(object);
            job.getSpec().setTtlSecondsAfterFinished(null);
            return withAnnotations(job, JOB);
        }
        if (object instanceof Deployment && DesiredState.APP.equals(object.getMetadata().getName())) {
            return withAnnotations(Serialization.clone(object), APP);
        }
        return object;
    }

    private static HasMetadata withAnnotations(HasMetadata object, Map<String, String> added) {
        var annotations = new TreeMap<String, String>(object.getMetadata().getAnnotations() == null ? Map.of()
                : object.getMetadata().getAnnotations());
        annotations.putAll(added);
        object.getMetadata().setAnnotations(annotations);
        return object;
    }
}
