package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a HorizontalPodAutoscaler scales the Deployment, {@code spec.replicas} is the autoscaler's: deploy applies the
 * Deployment without it. If our apply owned the field until now, leaving it out would make the API server remove it
 * (and default it to 1), so ownership is first handed over as the server-side apply documentation describes
 * (https://kubernetes.io/docs/reference/using-api/server-side-apply/#transferring-ownership).
 */
final class HorizontalScaling {

    static final String HANDOVER_MANAGER = "myblog-handover-to-hpa";

    private HorizontalScaling() {
    }

    static Optional<HorizontalPodAutoscaler> autoscalerOf(Cluster cluster, String deployment, Console console) {
        List<HorizontalPodAutoscaler> autoscalers;
        try {
            autoscalers = cluster.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(cluster.namespace())
                    .list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw cluster.translate(e, "list", "horizontalpodautoscalers.autoscaling");
            }
            console.line("(HorizontalPodAutoscalers not readable here (HTTP " + e.getCode() + "): spec.replicas is "
                    + "applied from the manifests)");
            return Optional.empty();
        }
        return autoscalers.stream().filter(hpa -> targets(hpa, deployment)).findFirst();
    }

    /** An HPA among the objects this deploy applies (the build generates one when autoscaling is on). */
    static Optional<HorizontalPodAutoscaler> desiredAutoscaler(List<io.fabric8.kubernetes.api.model.HasMetadata> objects,
            String deployment) {
        return objects.stream().filter(HorizontalPodAutoscaler.class::isInstance).map(HorizontalPodAutoscaler.class::cast)
                .filter(hpa -> targets(hpa, deployment)).findFirst();
    }

    private static boolean targets(HorizontalPodAutoscaler hpa, String deployment) {
        return hpa.getSpec() != null && hpa.getSpec().getScaleTargetRef() != null
                && "Deployment".equals(hpa.getSpec().getScaleTargetRef().getKind())
                && deployment.equals(hpa.getSpec().getScaleTargetRef().getName());
    }

    /** {@code desired} without {@code spec.replicas}, after handing the field over if our apply owns it. */
    static Deployment leaveReplicasTo(HorizontalPodAutoscaler autoscaler, Deployment desired, Optional<Deployment> live,
            Cluster cluster, Console console) {
        var withoutReplicas = Serialization.clone(desired);
        withoutReplicas.getSpec().setReplicas(null);
        console.line("Deployment " + desired.getMetadata().getName() + ": replicas left to HorizontalPodAutoscaler "
                + autoscaler.getMetadata().getName());
        if (live.isPresent() && appliedReplicas(live.get())) {
            var handover = new DeploymentBuilder().withNewMetadata().withName(desired.getMetadata().getName())
                    .withNamespace(desired.getMetadata().getNamespace()).endMetadata()
                    .withNewSpec().withReplicas(live.get().getSpec().getReplicas()).endSpec().build();
            new Applier(cluster).apply(handover, HANDOVER_MANAGER);
        }
        return withoutReplicas;
    }

    /** True when our field manager's apply owns {@code spec.replicas} of the live object. */
    @SuppressWarnings("unchecked")
    static boolean appliedReplicas(Deployment live) {
        return live.getMetadata().getManagedFields().stream()
                .filter(entry -> Applier.FIELD_MANAGER.equals(entry.getManager()) && "Apply".equals(entry.getOperation()))
                .filter(entry -> entry.getFieldsV1() != null)
                .map(entry -> entry.getFieldsV1().getAdditionalProperties().get("f:spec"))
                .anyMatch(spec -> spec instanceof Map<?, ?> fields && fields.containsKey("f:replicas"));
    }
}
