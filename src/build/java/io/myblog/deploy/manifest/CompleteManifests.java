package io.myblog.deploy.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.cli.deploy.shape.PodSecurity;
import io.myblog.cli.deploy.shape.StackShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Build step, run by Maven right after quarkus-kubernetes wrote target/kubernetes: adds what the extension has no
 * option for and what depends on a build choice ({@link StackChoices}): the NetworkPolicies of myblog and of its
 * controller ({@link NetworkShape}, from the generated ports), the controller's Deployment ({@link ControllerShape}),
 * Pod Security ({@link PodHardening}, {@link PodSecurity}), the HPA, the pull policy that follows the image tag, MySQL's storage and the
 * Ingress' TLS. Then it checks every object against the Kubernetes model strictly ({@link StrictModel}) and fails the
 * build on an unknown field. Running it twice gives the same files.
 */
public final class CompleteManifests {

    public static final String APP = "myblog";
    public static final String DATABASE = "mysql";

    private CompleteManifests() {
    }

    /** {@code args}: application.properties, the directory holding kubernetes.yml and kubernetes.json. */
    public static void main(String[] args) throws IOException {
        // -D on the Maven command line wins over application.properties, as it does for quarkus.* properties.
        var overrides = new Properties();
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(StackChoices.PREFIX))
                .forEach(n -> overrides.setProperty(n, System.getProperty(n)));
        run(Path.of(args[0]), overrides, Path.of(args[1]));
    }

    /** Completes kubernetes.yml and kubernetes.json in {@code directory} with the choices of the two property sets. */
    public static void run(Path applicationProperties, Properties overrides, Path directory) throws IOException {
        var properties = new Properties();
        try (InputStream in = Files.newInputStream(applicationProperties)) {
            properties.load(in);
        }
        properties.putAll(overrides);
        var choices = StackChoices.from(name -> Optional.ofNullable(properties.getProperty(name)));
        var yaml = directory.resolve("kubernetes.yml");
        var completed = complete(read(yaml), choices);
        var text = asYaml(completed);
        var problems = StrictModel.problems(text);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the generated manifests hold fields the Kubernetes API does not know "
                    + "(a typo in src/main/kubernetes/kubernetes.yml?):\n  " + String.join("\n  ", problems));
        }
        Files.writeString(yaml, text, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("kubernetes.json"), Serialization.asJson(asList(completed)),
                StandardCharsets.UTF_8);
    }

    /** The generated objects with the choices applied, in their order; the added ones follow the Deployment. */
    public static List<HasMetadata> complete(List<HasMetadata> generated, StackChoices choices) {
        var objects = new ArrayList<HasMetadata>();
        Deployment app = null;
        Service appService = null;
        for (var object : generated) {
            if (isNamed(object, APP) && (object instanceof NetworkPolicy || object instanceof HorizontalPodAutoscaler)
                    || isNamed(object, ControllerShape.NAME) && (object instanceof Deployment || object instanceof NetworkPolicy)
                    || object.getKind().startsWith("ValidatingAdmissionPolicy")) {
                continue;
            }
            if (object instanceof Deployment deployment && isNamed(object, APP)) {
                var shaped = withPodSpec(StableEnvOrder.of(DeploymentShape.withPullPolicyForImage(deployment)));
                app = choices.autoscaling().isPresent() ? DeploymentShape.withoutReplicas(shaped) : shaped;
                object = app;
            } else if (object instanceof StatefulSet statefulSet && isNamed(object, DATABASE)) {
                var stored = StackShape.withStorage(statefulSet, choices.storage());
                stored.getSpec().getTemplate().setSpec(PodHardening.hardened(stored.getSpec().getTemplate().getSpec(), false));
                object = stored;
            } else if (object instanceof Namespace namespace) {
                object = PodSecurity.labelled(namespace, PodSecurity.levelFor(choices.storage()));
            } else if (object instanceof ServiceAccount account && isNamed(object, APP)) {
                object = PodHardening.withoutToken(account);
            } else if (object instanceof Ingress ingress && isNamed(object, APP)) {
                object = StackShape.aimed(ingress, choices.ingress());
            } else if (object instanceof Service service && isNamed(object, APP)) {
                appService = service;
            }
            objects.add(object);
        }
        if (app == null || appService == null) {
            throw new IllegalStateException("the generated manifests hold no Deployment and Service " + APP);
        }
        int after = objects.indexOf(app) + 1;
        var added = new ArrayList<HasMetadata>();
        added.add(NetworkShape.appPolicy(app, appService, choices.ingressNamespaces(), choices.prometheusNamespaces()));
        var controller = ControllerShape.controller(app);
        added.add(NetworkShape.controllerPolicy(controller, choices.prometheusNamespaces(), choices.apiServer()));
        added.add(controller);
        if (choices.admissionPolicy()) {
            added.add(AdmissionShape.policy(app.getMetadata().getNamespace()));
            added.add(AdmissionShape.binding(app.getMetadata().getNamespace()));
        }
        var finalApp = app;
        choices.autoscaling().ifPresent(a -> added.add(DeploymentShape.autoscaler(finalApp, a.minReplicas(),
                a.maxReplicas(), a.cpuUtilization())));
        objects.addAll(after, added);
        return objects;
    }

    /** A manifest file as quarkus-kubernetes writes it: YAML documents separated by ---. */
    public static List<HasMetadata> read(Path yaml) throws IOException {
        try (InputStream in = Files.newInputStream(yaml)) {
            var parsed = Serialization.unmarshal(in);
            if (parsed instanceof KubernetesList list) {
                return list.getItems();
            }
            if (parsed instanceof List<?> list) {
                return list.stream().map(HasMetadata.class::cast).toList();
            }
            return List.of((HasMetadata) parsed);
        }
    }

    public static String asYaml(List<HasMetadata> objects) {
        return objects.stream().map(Serialization::asYaml).collect(Collectors.joining());
    }

    private static KubernetesList asList(List<HasMetadata> objects) {
        return new KubernetesListBuilder().withItems(objects).build();
    }

    /** The web pods never call the API (#23): no token; and the seccomp profile the merge dropped. */
    private static Deployment withPodSpec(Deployment deployment) {
        var copy = Serialization.clone(deployment);
        copy.getSpec().getTemplate().setSpec(PodHardening.hardened(copy.getSpec().getTemplate().getSpec(), false));
        return copy;
    }

    private static boolean isNamed(HasMetadata object, String name) {
        return name.equals(object.getMetadata().getName());
    }
}
