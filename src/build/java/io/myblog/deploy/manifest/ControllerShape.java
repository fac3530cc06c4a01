package io.myblog.deploy.manifest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.MyblogMain;
import io.myblog.cli.deploy.shape.ControllerNames;
import io.myblog.cli.deploy.shape.StackShape;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Deployment {@value #NAME}: {@code myblog controller} from the app's own image, with its own ServiceAccount (the
 * Role is generated from application.properties). Derived from the app's Deployment, so image, pull policy,
 * management port and probes follow the build; quarkus-kubernetes generates one workload per build only.
 */
public final class ControllerShape {

    public static final String NAME = ControllerNames.NAME;
    public static final String SERVICE_ACCOUNT = ControllerNames.SERVICE_ACCOUNT;
    public static final String ARGUMENT = MyblogMain.CONTROLLER;
    private static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final String PART_OF = "app.kubernetes.io/part-of";

    private ControllerShape() {
    }

    public static Deployment controller(Deployment app) {
        var appPod = app.getSpec().getTemplate().getSpec();
        var appContainer = StackShape.appContainer(app);
        var labels = new TreeMap<String, String>(Map.of(NAME_LABEL, NAME, PART_OF, app.getMetadata().getName()));
        // Scrape annotations only: the watcher's metrics are on the same management port as the app's.
        var annotations = app.getSpec().getTemplate().getMetadata().getAnnotations() == null ? Map.<String, String>of()
                : app.getSpec().getTemplate().getMetadata().getAnnotations().entrySet().stream()
                        .filter(e -> e.getKey().startsWith("prometheus.io/"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        var management = appContainer.getPorts().stream().filter(p -> "management".equals(p.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the app container has no port named management"));
        var pod = new PodSpecBuilder()
                .withServiceAccountName(SERVICE_ACCOUNT)
                .withTerminationGracePeriodSeconds(20L)
                .withContainers(container(appContainer, management))
                .withVolumes(new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("16Mi"))
                        .endEmptyDir().build())
                .build();
        return new DeploymentBuilder()
                .withNewMetadata().withName(NAME).withNamespace(app.getMetadata().getNamespace()).withLabels(labels)
                .endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector().withMatchLabels(Map.of(NAME_LABEL, NAME)).endSelector()
                    // A new controller starts before the old one stops; the Lease lets only one of them patch.
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(annotations.isEmpty() ? null : annotations)
                        .endMetadata()
                        .withSpec(PodHardening.hardened(pod, true))
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Container container(Container app, ContainerPort management) {
        return new ContainerBuilder()
                .withName(NAME)
                .withImage(app.getImage())
                .withImagePullPolicy(app.getImagePullPolicy())
                .withArgs(ARGUMENT)
                .withPorts(Serialization.clone(management))
                .withLivenessProbe(Serialization.clone(app.getLivenessProbe()))
                .withReadinessProbe(Serialization.clone(app.getReadinessProbe()))
                .withStartupProbe(Serialization.clone(app.getStartupProbe()))
                // Measured (bench/README.md, "The controller's memory", load 0.9): peak 200 MiB, 176-178 MiB after a
                // restart, 8 s of CPU to start, idle after; the limit leaves the JVM's 50 % heap share 192 MiB.
                .withNewResources()
                    .addToRequests("memory", new Quantity("224Mi")).addToRequests("cpu", new Quantity("20m"))
                    .addToLimits("memory", new Quantity("384Mi")).addToLimits("cpu", new Quantity("500m"))
                .endResources()
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .withVolumeMounts(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
                .build();
    }
}
