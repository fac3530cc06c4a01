package io.myblog.deploy.manifest;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.cli.deploy.shape.StackShape;
import java.util.TreeMap;

/** What the build sets on the app's Deployment beyond the extension's options: the pull policy, and the HPA's share. */
public final class DeploymentShape {

    private DeploymentShape() {
    }

    /** An HPA on CPU for the Deployment, which then carries no replicas: the HPA owns that number. */
    public static HorizontalPodAutoscaler autoscaler(Deployment deployment, int minReplicas, int maxReplicas,
            int cpuUtilization) {
        var metadata = deployment.getMetadata();
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(metadata.getName())
                .withNamespace(metadata.getNamespace())
                .withLabels(new TreeMap<>(deployment.getSpec().getSelector().getMatchLabels())).endMetadata()
                .withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
                .withName(metadata.getName()).endScaleTargetRef()
                .withMinReplicas(minReplicas).withMaxReplicas(maxReplicas)
                .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                .withType("Utilization").withAverageUtilization(cpuUtilization).endTarget().endResource().endMetric()
                .endSpec().build();
    }

    public static Deployment withoutReplicas(Deployment deployment) {
        var copy = Serialization.clone(deployment);
        copy.getSpec().setReplicas(null);
        return copy;
    }

    /** The app container's pull policy follows its image, see {@link StackShape#pullPolicyFor}. */
    public static Deployment withPullPolicyForImage(Deployment deployment) {
        var copy = Serialization.clone(deployment);
        var container = StackShape.appContainer(copy);
        container.setImagePullPolicy(StackShape.pullPolicyFor(container.getImage()));
        return copy;
    }
}
