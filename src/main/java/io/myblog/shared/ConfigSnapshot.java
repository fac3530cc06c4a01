package io.myblog.shared;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.shared.ConfigHash.Key;
import io.myblog.shared.ConfigHash.Source;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Immutable copies of ConfigMap and Secret {@code myblog} that one revision of the app reads, named by their content
 * ({@code myblog-config-<hash>}, {@code myblog-secret-<hash>}, as kustomize's generators name theirs), so a rollback
 * of the pod template brings back the configuration too (issue 25; kubernetes/community#1163). Pure: built and
 * pointed at here, created by {@code deploy} and the controller.
 */
public final class ConfigSnapshot {

    public static final String PART_OF = "app.kubernetes.io/part-of";
    /** The label that finds a snapshot and says which object it copies. */
    public static final String SNAPSHOT_OF = "myblog/snapshot-of";
    /** Hex digits of the content hash in a snapshot's name; kustomize's suffix has 10 too. */
    public static final int HASH_LENGTH = 10;
    public static final String CONFIG_INFIX = "-config-";
    public static final String SECRET_INFIX = "-secret-";

    /** The snapshots one template reads: names by kind ("ConfigMap", "Secret"). */
    public record Refs(Set<String> configMaps, Set<String> secrets) {
        public Set<String> all() {
            var all = new LinkedHashSet<>(configMaps);
            all.addAll(secrets);
            return all;
        }
    }

    private ConfigSnapshot() {
    }

    /** The RE2 pattern of the snapshot names of {@code source}'s {@code kind} (the admission policy uses it too). */
    public static String namePattern(String source, Source kind) {
        return "^" + source.replace(".", "\\.") + (kind == Source.CONFIG_MAP ? CONFIG_INFIX : SECRET_INFIX) + "[0-9a-f]{" + HASH_LENGTH + "}$";
    }

    public static boolean isSnapshotOf(String source, Source kind, String name) {
        return name != null && name.matches(namePattern(source, kind));
    }

    /** Whether a reference to {@code name} reads {@code source}, directly or through one of its snapshots. */
    public static boolean reads(String source, Source kind, String name) {
        return source.equals(name) || isSnapshotOf(source, kind, name);
    }

    /** A copy of {@code source}'s data, immutable, named by that data. */
    public static ConfigMap of(ConfigMap source) {
        var data = new TreeMap<String, String>(source.getData() == null ? Map.of() : source.getData());
        var name = source.getMetadata().getName();
        return new ConfigMapBuilder().withNewMetadata().withName(name + CONFIG_INFIX + hash(data, Map.of(), Source.CONFIG_MAP))
                .withNamespace(source.getMetadata().getNamespace()).withLabels(labels(name)).endMetadata()
                .withData(data).withBinaryData(source.getBinaryData()).withImmutable(true).build();
    }

    /** A copy of {@code source}'s data (base64, as the API returns it), immutable, named by the decoded values. */
    public static Secret of(Secret source) {
        var data = new TreeMap<String, String>(source.getData() == null ? Map.of() : source.getData());
        var name = source.getMetadata().getName();
        return new SecretBuilder().withNewMetadata().withName(name + SECRET_INFIX + hash(Map.of(), data, Source.SECRET))
                .withNamespace(source.getMetadata().getNamespace()).withLabels(labels(name)).endMetadata()
                .withType(source.getType()).withData(data).withImmutable(true).build();
    }

    public static Map<String, String> labels(String source) {
        return Map.of(PART_OF, source, SNAPSHOT_OF, source);
    }

    /** The same hash as the config hash, over every key: a snapshot holds all of its source, not only what is read. */
    private static String hash(Map<String, String> configMapData, Map<String, String> secretData, Source kind) {
        var keys = (kind == Source.CONFIG_MAP ? configMapData : secretData).keySet().stream()
                .map(key -> new Key(kind, key)).toList();
        return ConfigHash.of(configMapData, secretData, keys).substring(0, HASH_LENGTH);
    }

    /**
     * One place in a pod spec that names a ConfigMap or a Secret: env {@code valueFrom}, {@code envFrom} of (init)
     * containers, or a {@code secret}/{@code configMap} volume (the database CA is one).
     *
     * @param pointer its JSON pointer (RFC 6901) below the pod spec, e.g. {@code /volumes/1/secret/secretName}
     */
    public record Reference(Source kind, String pointer, String name) {
    }

    private record Named(Reference reference, Consumer<String> rename) {
    }

    /** Every reference {@code spec} makes, in document order; none for a null spec. */
    public static List<Reference> references(PodSpec spec) {
        return named(spec).stream().map(Named::reference).toList();
    }

    /**
     * {@code deployment} with every reference to {@code configMap}'s and {@code secret}'s source (or to an older
     * snapshot of it) in its containers, init containers and volumes pointed at these snapshots; a null snapshot
     * leaves its references as they are.
     */
    public static Deployment pointedAt(Deployment deployment, String source, ConfigMap configMap, Secret secret) {
        var copy = Serialization.clone(deployment);
        var template = copy.getSpec().getTemplate();
        for (var named : named(template == null ? null : template.getSpec())) {
            var kind = named.reference().kind();
            var snapshot = kind == Source.CONFIG_MAP ? configMap : secret;
            if (snapshot != null && reads(source, kind, named.reference().name())) {
                named.rename().accept(snapshot.getMetadata().getName());
            }
        }
        return copy;
    }

    /** The snapshots of {@code source} that {@code template} reads. */
    public static Refs referencedBy(PodTemplateSpec template, String source) {
        var configMaps = new LinkedHashSet<String>();
        var secrets = new LinkedHashSet<String>();
        for (var reference : references(template == null ? null : template.getSpec())) {
            if (isSnapshotOf(source, reference.kind(), reference.name())) {
                (reference.kind() == Source.CONFIG_MAP ? configMaps : secrets).add(reference.name());
            }
        }
        return new Refs(configMaps, secrets);
    }

    private static List<Named> named(PodSpec spec) {
        var all = new ArrayList<Named>();
        if (spec == null) {
            return all;
        }
        containers(all, "/initContainers/", spec.getInitContainers());
        containers(all, "/containers/", spec.getContainers());
        var volumes = Optional.ofNullable(spec.getVolumes()).orElse(List.of());
        for (int i = 0; i < volumes.size(); i++) {
            var at = "/volumes/" + i;
            var secret = volumes.get(i).getSecret();
            if (secret != null) {
                add(all, Source.SECRET, at + "/secret/secretName", secret.getSecretName(), secret::setSecretName);
            }
            var configMap = volumes.get(i).getConfigMap();
            if (configMap != null) {
                add(all, Source.CONFIG_MAP, at + "/configMap/name", configMap.getName(), configMap::setName);
            }
        }
        return all;
    }

    private static void add(List<Named> all, Source kind, String pointer, String name, Consumer<String> rename) {
        all.add(new Named(new Reference(kind, pointer, name), rename));
    }

    private static void containers(List<Named> all, String prefix, List<Container> containers) {
        for (int i = 0; containers != null && i < containers.size(); i++) {
            var env = Optional.ofNullable(containers.get(i).getEnv()).orElse(List.of());
            for (int j = 0; j < env.size(); j++) {
                var from = env.get(j).getValueFrom();
                var at = prefix + i + "/env/" + j + "/valueFrom/";
                if (from != null && from.getConfigMapKeyRef() != null) {
                    var ref = from.getConfigMapKeyRef();
                    add(all, Source.CONFIG_MAP, at + "configMapKeyRef/name", ref.getName(), ref::setName);
                }
                if (from != null && from.getSecretKeyRef() != null) {
                    var ref = from.getSecretKeyRef();
                    add(all, Source.SECRET, at + "secretKeyRef/name", ref.getName(), ref::setName);
                }
            }
            var envFrom = Optional.ofNullable(containers.get(i).getEnvFrom()).orElse(List.of());
            for (int j = 0; j < envFrom.size(); j++) {
                var at = prefix + i + "/envFrom/" + j + "/";
                var configMap = envFrom.get(j).getConfigMapRef();
                if (configMap != null) {
                    add(all, Source.CONFIG_MAP, at + "configMapRef/name", configMap.getName(), configMap::setName);
                }
                var secret = envFrom.get(j).getSecretRef();
                if (secret != null) {
                    add(all, Source.SECRET, at + "secretRef/name", secret.getName(), secret::setName);
                }
            }
        }
    }
}
