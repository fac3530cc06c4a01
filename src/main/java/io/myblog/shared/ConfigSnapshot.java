package io.myblog.shared;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
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
import java.util.stream.Stream;

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
     * {@code deployment} with every reference to {@code configMap}'s and {@code secret}'s source (or to an older
     * snapshot of it) in its containers and init containers pointed at these snapshots; a null snapshot leaves its
     * references as they are.
     */
    public static Deployment pointedAt(Deployment deployment, String source, ConfigMap configMap, Secret secret) {
        var copy = Serialization.clone(deployment);
        containers(copy.getSpec().getTemplate()).forEach(container -> {
            for (var env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                var from = env.getValueFrom();
                if (from != null && from.getConfigMapKeyRef() != null && configMap != null
                        && reads(source, Source.CONFIG_MAP, from.getConfigMapKeyRef().getName())) {
                    from.getConfigMapKeyRef().setName(configMap.getMetadata().getName());
                }
                if (from != null && from.getSecretKeyRef() != null && secret != null
                        && reads(source, Source.SECRET, from.getSecretKeyRef().getName())) {
                    from.getSecretKeyRef().setName(secret.getMetadata().getName());
                }
            }
            for (var envFrom : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
                if (envFrom.getConfigMapRef() != null && configMap != null
                        && reads(source, Source.CONFIG_MAP, envFrom.getConfigMapRef().getName())) {
                    envFrom.getConfigMapRef().setName(configMap.getMetadata().getName());
                }
                if (envFrom.getSecretRef() != null && secret != null
                        && reads(source, Source.SECRET, envFrom.getSecretRef().getName())) {
                    envFrom.getSecretRef().setName(secret.getMetadata().getName());
                }
            }
        });
        return copy;
    }

    /** The snapshots of {@code source} that {@code template} reads. */
    public static Refs referencedBy(PodTemplateSpec template, String source) {
        var configMaps = new LinkedHashSet<String>();
        var secrets = new LinkedHashSet<String>();
        containers(template).forEach(container -> {
            for (var env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                var from = env.getValueFrom();
                if (from != null && from.getConfigMapKeyRef() != null
                        && isSnapshotOf(source, Source.CONFIG_MAP, from.getConfigMapKeyRef().getName())) {
                    configMaps.add(from.getConfigMapKeyRef().getName());
                }
                if (from != null && from.getSecretKeyRef() != null
                        && isSnapshotOf(source, Source.SECRET, from.getSecretKeyRef().getName())) {
                    secrets.add(from.getSecretKeyRef().getName());
                }
            }
            for (var envFrom : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
                if (envFrom.getConfigMapRef() != null
                        && isSnapshotOf(source, Source.CONFIG_MAP, envFrom.getConfigMapRef().getName())) {
                    configMaps.add(envFrom.getConfigMapRef().getName());
                }
                if (envFrom.getSecretRef() != null && isSnapshotOf(source, Source.SECRET, envFrom.getSecretRef().getName())) {
                    secrets.add(envFrom.getSecretRef().getName());
                }
            }
        });
        return new Refs(configMaps, secrets);
    }

    private static Stream<Container> containers(PodTemplateSpec template) {
        var spec = template == null ? null : template.getSpec();
        if (spec == null) {
            return Stream.empty();
        }
        var all = new ArrayList<Container>();
        Optional.ofNullable(spec.getInitContainers()).ifPresent(all::addAll);
        Optional.ofNullable(spec.getContainers()).ifPresent(all::addAll);
        return all.stream();
    }
}
