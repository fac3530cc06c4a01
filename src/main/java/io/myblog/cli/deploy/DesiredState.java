package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.cli.deploy.shape.ControllerNames;
import io.myblog.cli.deploy.shape.ExternalDatabase;
import io.myblog.cli.deploy.shape.PodSecurity;
import io.myblog.cli.deploy.shape.StackShape;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ConsumedConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The objects a deploy applies, built by pure functions from the generated manifests and the command's options: no
 * client, no I/O, so each rule is testable on its own.
 */
public final class DesiredState {

    public static final String APP = "myblog";
    public static final String DATABASE = "mysql";
    public static final String REDACTED = "<redacted>";
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "PersistentVolume", "StorageClass", "IngressClass", "PriorityClass", "CustomResourceDefinition",
            "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");

    /** The course's order: the namespace, its configuration, the database, access rights, then the app. */
    public enum Stage {
        NAMESPACE, CONFIGURATION, SECRET, DATABASE, ACCESS, APP
    }

    private DesiredState() {
    }

    public static Stage stage(HasMetadata object) {
        var kind = object.getKind();
        if (kind.equals("Namespace")) {
            return Stage.NAMESPACE;
        }
        if (kind.equals("ConfigMap")) {
            return Stage.CONFIGURATION;
        }
        if (kind.equals("Secret")) {
            return Stage.SECRET;
        }
        if (ExternalDatabase.isBundled(object)) {
            return Stage.DATABASE;
        }
        if (Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding").contains(kind)) {
            return Stage.ACCESS;
        }
        return Stage.APP;
    }

    /**
     * Everything to apply, in apply order: the manifests moved to {@code namespace}, the Secret from the env file
     * (replacing any in the manifests), the image override and the config-hash annotation on the app's template.
     *
     * @param secret the Secret built from the env file, or the live one (only hashed, then not applied)
     * @param liveConfigMap ConfigMap {@value #APP} as it is, whose keys the manifests do not carry stay after the apply
     */
    public static List<HasMetadata> desiredObjects(List<HasMetadata> manifests, String namespace,
            Optional<Secret> secretToApply, Optional<Secret> liveSecret, Optional<ConfigMap> liveConfigMap,
            Optional<String> image) {
        var objects = new ArrayList<HasMetadata>();
        for (var manifest : manifests) {
            if (manifest.getKind().equals("Secret") && secretToApply.isPresent()
                    && manifest.getMetadata().getName().equals(APP)) {
                continue;
            }
            objects.add(inNamespace(manifest, namespace));
        }
        if (objects.stream().noneMatch(o -> o.getKind().equals("Namespace"))) {
            objects.add(desiredNamespace(namespace));
        }
        secretToApply.ifPresent(objects::add);
        var configMap = objects.stream().filter(o -> o instanceof ConfigMap && o.getMetadata().getName().equals(APP))
                .map(ConfigMap.class::cast).findFirst().orElse(null);
        var secret = secretToApply.or(() -> liveSecret).orElse(null);
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i) instanceof Deployment deployment && deployment.getMetadata().getName().equals(APP)) {
                var withImage = image.map(ref -> withImage(deployment, ref)).orElse(deployment);
                // The same function the in-cluster watcher uses, so a fresh deploy never looks like a config change.
                var hash = ConsumedConfig.of(withImage, APP, APP).hash(afterApply(configMap, liveConfigMap), secret);
                objects.set(i, withConfigHash(withImage, hash));
            } else if (objects.get(i) instanceof Deployment controller
                    && controller.getMetadata().getName().equals(ControllerNames.NAME) && image.isPresent()) {
                // One image, two programs: the controller runs the release it watches over.
                objects.set(i, withImage(controller, image.get()));
            }
        }
        objects.sort(Comparator.comparing(DesiredState::stage));
        return objects;
    }

    /**
     * The ConfigMap's data once applied: server-side apply keeps the keys another manager added (an operator's
     * optional MYBLOG_TRUSTED_PROXIES), so the hash must count them as the controller will, or it restarts the pods.
     */
    static ConfigMap afterApply(ConfigMap desired, Optional<ConfigMap> live) {
        if (desired == null || live.isEmpty() || live.get().getData() == null) {
            return desired;
        }
        var copy = Serialization.clone(desired);
        var data = new TreeMap<String, String>(live.get().getData());
        if (desired.getData() != null) {
            data.putAll(desired.getData());
        }
        copy.setData(data);
        return copy;
    }

    public static Namespace desiredNamespace(String namespace) {
        return new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("app.kubernetes.io/part-of", APP).endMetadata().build();
    }

    /** A copy of {@code object} that lives in {@code namespace}, service-account subjects included. */
    public static HasMetadata inNamespace(HasMetadata object, String namespace) {
        var copy = Serialization.clone(object);
        if (copy.getKind().equals("Namespace")) {
            copy.getMetadata().setName(namespace);
        } else if (!CLUSTER_SCOPED.contains(copy.getKind())) {
            copy.getMetadata().setNamespace(namespace);
        }
        if (copy instanceof RoleBinding binding && binding.getSubjects() != null) {
            binding.getSubjects().stream().filter(s -> "ServiceAccount".equals(s.getKind()))
                    .forEach(s -> s.setNamespace(namespace));
        }
        return copy;
    }

    /** The app container (named {@value #APP}, else the first) runs {@code image}, pulled as its tag asks. */
    public static Deployment withImage(Deployment deployment, String image) {
        var copy = Serialization.clone(deployment);
        var containers = copy.getSpec().getTemplate().getSpec().getContainers();
        var app = containers.stream().filter(c -> APP.equals(c.getName())).findFirst().orElse(containers.get(0));
        app.setImage(image);
        app.setImagePullPolicy(StackShape.pullPolicyFor(image));
        return copy;
    }

    /**
     * deploy's choices for the Ingress, MySQL's storage and whether MySQL is the bundled pod (no external database)
     * or a server of the user's; an empty one keeps the manifests' choice.
     */
    public record Choices(StackShape.IngressAim ingress, StackShape.MysqlStorage storage,
            Optional<ExternalDatabase> externalDatabase) {

        public static final Choices NONE = new Choices(StackShape.IngressAim.NONE, StackShape.MysqlStorage.UNCHANGED,
                Optional.empty());
    }

    /** The manifests with deploy's choices applied, by the same functions the build step uses. */
    public static List<HasMetadata> withChoices(List<HasMetadata> manifests, Choices choices) {
        var shaped = withBundledChoices(manifests, choices);
        if (choices.externalDatabase().isEmpty()) {
            return shaped;
        }
        var external = choices.externalDatabase().get();
        var objects = new ArrayList<HasMetadata>();
        for (var object : shaped) {
            if (ExternalDatabase.isBundled(object)) {
                continue;
            }
            if (object instanceof ConfigMap configMap && APP.equals(configMap.getMetadata().getName())) {
                object = external.pointedAt(configMap);
            }
            if (object instanceof Deployment app && APP.equals(app.getMetadata().getName())) {
                // before the app and its migration Job, so their first pods reach the database
                objects.add(external.egressPolicy(app, MigrationJob.LABELS));
            }
            objects.add(object);
        }
        return objects;
    }

    private static List<HasMetadata> withBundledChoices(List<HasMetadata> manifests, Choices choices) {
        return manifests.stream().<HasMetadata>mapMulti((object, next) -> {
            if (object instanceof PersistentVolumeClaim claim && BackupJob.CLAIM.equals(claim.getMetadata().getName())) {
                StackShape.backupClaim(claim, choices.storage()).ifPresent(next);
                return;
            }
            next.accept(shaped(object, choices));
        }).toList();
    }

    private static HasMetadata shaped(HasMetadata object, Choices choices) {
        if (object instanceof Ingress ingress && APP.equals(ingress.getMetadata().getName())) {
            return StackShape.aimed(ingress, choices.ingress());
        }
        if (object instanceof StatefulSet statefulSet && DATABASE.equals(statefulSet.getMetadata().getName())) {
            return StackShape.withStorage(statefulSet, choices.storage());
        }
        if (object instanceof Namespace namespace && choices.storage().hostPath().isPresent()) {
            return PodSecurity.labelled(namespace, PodSecurity.levelFor(choices.storage()));
        }
        return object;
    }

    public static Deployment withConfigHash(Deployment deployment, String hash) {
        var copy = Serialization.clone(deployment);
        var metadata = copy.getSpec().getTemplate().getMetadata();
        var annotations = new TreeMap<String, String>(metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations());
        annotations.put(ConfigHash.ANNOTATION, hash);
        metadata.setAnnotations(annotations);
        return copy;
    }

    /** The pod template of {@code revision}, as {@code kubectl rollout undo} restores it: minus the controller's label. */
    public static PodTemplateSpec templateOf(ReplicaSet revision) {
        var template = Serialization.clone(revision.getSpec().getTemplate());
        if (template.getMetadata().getLabels() != null) {
            template.getMetadata().getLabels().remove(POD_TEMPLATE_HASH);
        }
        return template;
    }

    public static long revisionOf(HasMetadata object) {
        var annotations = object.getMetadata().getAnnotations();
        var value = annotations == null ? null : annotations.get(REVISION);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String describe(HasMetadata object) {
        var namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }
}
