package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ConfigHash.Source;
import io.myblog.shared.ConfigSnapshot;
import io.myblog.shared.ConsumedConfig;
import io.myblog.shared.RestartPatch;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The config snapshots of a deploy ({@link ConfigSnapshot}): the plan's step that adds them and points the app's
 * template at them, and the executor's creating, re-pointing on a restart, checking before a rollback and garbage
 * collection.
 */
final class ConfigSnapshots {

    private final Cluster cluster;
    private final Console console;

    ConfigSnapshots(Cluster cluster, Console console) {
        this.cluster = cluster;
        this.console = console;
    }

    /**
     * Pure: {@code objects} plus the snapshots of ConfigMap and Secret {@value DesiredState#APP} as they will be after
     * the apply, and the app's Deployment reading those; a source that is unknown (a dry run without a cluster) or
     * not read keeps its references.
     */
    static List<HasMetadata> withSnapshots(List<HasMetadata> objects, Optional<ConfigMap> liveConfigMap,
            Optional<Secret> secret) {
        var app = objects.stream().filter(ConfigSnapshots::isApp).map(Deployment.class::cast).findFirst();
        if (app.isEmpty()) {
            return objects;
        }
        var consumed = ConsumedConfig.of(app.get(), DesiredState.APP, DesiredState.APP).refs();
        var configMap = objects.stream().filter(o -> o instanceof ConfigMap && isSource(o)).map(ConfigMap.class::cast)
                .findFirst().map(desired -> DesiredState.afterApply(desired, liveConfigMap)).or(() -> liveConfigMap)
                .filter(cm -> consumed.stream().anyMatch(ref -> ref.source() == Source.CONFIG_MAP))
                .map(ConfigSnapshot::of).orElse(null);
        var secretSnapshot = secret.filter(s -> consumed.stream().anyMatch(ref -> ref.source() == Source.SECRET))
                .map(ConfigSnapshot::of).orElse(null);
        var result = new ArrayList<HasMetadata>();
        objects.forEach(object -> result.add(isApp(object)
                ? ConfigSnapshot.pointedAt((Deployment) object, DesiredState.APP, configMap, secretSnapshot) : object));
        Optional.ofNullable(configMap).ifPresent(result::add);
        Optional.ofNullable(secretSnapshot).ifPresent(result::add);
        result.sort(Comparator.comparing(DesiredState::stage)); // stable: each snapshot right after its kind
        return result;
    }

    static boolean isSnapshot(HasMetadata object) {
        var labels = object.getMetadata().getLabels();
        return (object instanceof ConfigMap || object instanceof Secret) && labels != null
                && DesiredState.APP.equals(labels.get(ConfigSnapshot.SNAPSHOT_OF));
    }

    /**
     * Creates {@code snapshot}, or keeps the one of that name with the same data: an immutable object cannot be
     * updated (the API server answers 422), and its name is its content's hash, so an equal one is the same.
     */
    String ensure(HasMetadata snapshot) {
        var resource = Applier.resourceName(snapshot);
        var created = cluster.call("create", resource, () -> {
            try {
                return cluster.client().resource(snapshot).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    return null;
                }
                throw e;
            }
        });
        if (created != null) {
            return "created (immutable)";
        }
        var live = cluster.call("get", resource, () -> cluster.client().resource(snapshot).get());
        if (live == null || !Objects.equals(data(live), data(snapshot))) {
            throw DeployFailure.rollout(DesiredState.describe(snapshot) + " exists with other data than its name "
                    + "says (edited or made by hand): delete it and deploy again");
        }
        return "unchanged (kept)";
    }

    /**
     * A restart onto today's configuration, as deploy points a revision at it: snapshots of the live ConfigMap and
     * Secret {@value DesiredState#APP} (created when new; unchanged ones are the same names) and one patch
     * ({@link RestartPatch}) that points {@code live}'s template at them, sets their config hash and
     * {@code templateAnnotations} and the Deployment's {@code annotations}. Refused, with nothing changed, when the
     * configuration lacks what the pods require, as the controller holds its restart then.
     */
    List<Map<String, Object>> restartPatch(Deployment live, Map<String, String> templateAnnotations,
            Map<String, String> annotations) {
        var configMap = current(ConfigMap.class);
        var secret = current(Secret.class);
        secret.ifPresent(s -> console.maskSecrets(DeployPlan.decoded(s)));
        var consumed = ConsumedConfig.of(live, DesiredState.APP, DesiredState.APP);
        consumed.problem(configMap.orElse(null), secret.orElse(null)).ifPresent(problem -> {
            throw DeployFailure.badInput("not restarted, nothing was changed: " + problem);
        });
        String configMapSnapshot = null;
        String secretSnapshot = null;
        for (var object : withSnapshots(List.of(live), configMap, secret)) {
            if (isSnapshot(object)) {
                console.line(DesiredState.describe(object) + " " + ensure(object));
                if (object instanceof ConfigMap) {
                    configMapSnapshot = object.getMetadata().getName();
                } else {
                    secretSnapshot = object.getMetadata().getName();
                }
            }
        }
        var onTemplate = new TreeMap<>(templateAnnotations);
        onTemplate.put(ConfigHash.ANNOTATION, consumed.hash(configMap.orElse(null), secret.orElse(null)));
        return RestartPatch.ops(live, DesiredState.APP, configMapSnapshot, secretSnapshot, onTemplate, annotations);
    }

    /** The snapshots {@code template} reads that do not exist (any more): pods of it could not start. */
    List<String> missing(PodTemplateSpec template) {
        var refs = ConfigSnapshot.referencedBy(template, DesiredState.APP);
        var missing = new ArrayList<String>();
        refs.configMaps().stream().filter(name -> cluster.call("get", "configmaps/" + name, () -> cluster.client()
                .configMaps().inNamespace(cluster.namespace()).withName(name).get()) == null)
                .forEach(name -> missing.add("ConfigMap " + name));
        refs.secrets().stream().filter(name -> cluster.call("get", "secrets/" + name, () -> cluster.client()
                .secrets().inNamespace(cluster.namespace()).withName(name).get()) == null)
                .forEach(name -> missing.add("Secret " + name));
        return missing;
    }

    /** After a rollout that completed: the snapshots no kept revision of the live app reads go. */
    void collectGarbage() {
        cluster.deployment(DesiredState.APP).ifPresent(this::collectGarbage);
    }

    /**
     * Deletes the snapshots that neither the Deployment's template nor a ReplicaSet it keeps
     * ({@code revisionHistoryLimit}) reads; the snapshots of today's ConfigMap and Secret stay too, since the
     * controller may have just made them for its next patch.
     */
    void collectGarbage(Deployment live) {
        var keep = new LinkedHashSet<>(ConfigSnapshot.referencedBy(live.getSpec().getTemplate(), DesiredState.APP).all());
        RolloutFollower.replicaSetsOf(cluster, live)
                .forEach(rs -> keep.addAll(ConfigSnapshot.referencedBy(rs.getSpec().getTemplate(), DesiredState.APP).all()));
        var labels = ConfigSnapshot.labels(DesiredState.APP);
        var configMaps = cluster.call("list", "configmaps", () -> cluster.client().configMaps()
                .inNamespace(cluster.namespace()).withLabels(labels).list().getItems());
        var secrets = cluster.call("list", "secrets", () -> cluster.client().secrets()
                .inNamespace(cluster.namespace()).withLabels(labels).list().getItems());
        current(ConfigMap.class).ifPresent(cm -> keep.add(ConfigSnapshot.of(cm).getMetadata().getName()));
        current(Secret.class).ifPresent(s -> keep.add(ConfigSnapshot.of(s).getMetadata().getName()));
        deleteUnless(keep, configMaps);
        deleteUnless(keep, secrets);
    }

    private void deleteUnless(Set<String> keep, List<? extends HasMetadata> snapshots) {
        for (var snapshot : snapshots) {
            if (!isSnapshot(snapshot) || keep.contains(snapshot.getMetadata().getName())) {
                continue;
            }
            cluster.call("delete", Applier.resourceName(snapshot), () -> cluster.client().resource(snapshot).delete());
            console.line(DesiredState.describe(snapshot) + " deleted: no kept revision reads it");
        }
    }

    private <T extends HasMetadata> Optional<T> current(Class<T> kind) {
        var resource = (kind == ConfigMap.class ? "configmaps/" : "secrets/") + DesiredState.APP;
        return Optional.ofNullable(cluster.call("get", resource, () -> cluster.client().resources(kind)
                .inNamespace(cluster.namespace()).withName(DesiredState.APP).get()));
    }

    private static Object data(HasMetadata object) {
        return object instanceof ConfigMap cm ? cm.getData() : ((Secret) object).getData();
    }

    private static boolean isApp(HasMetadata object) {
        return object instanceof Deployment && DesiredState.APP.equals(object.getMetadata().getName());
    }

    private static boolean isSource(HasMetadata object) {
        return DesiredState.APP.equals(object.getMetadata().getName());
    }
}
