package io.myblog.shared;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.myblog.shared.ConfigHash.Key;
import io.myblog.shared.ConfigHash.Source;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a Deployment's containers read from the ConfigMap and the Secret, taken from the live Deployment (env
 * {@code configMapKeyRef}/{@code secretKeyRef}, {@code envFrom} and the pod's volumes of either), so the watcher never
 * relies on a hard-coded list. A reference to a snapshot of the object ({@link ConfigSnapshot}) reads it too: the
 * snapshot is its copy.
 *
 * @param refs one entry per reference; a {@code null} key means the whole object ({@code envFrom})
 */
public record ConsumedConfig(String configMapName, String secretName, List<Ref> refs) {

    /** One reference from the pod template; {@code key == null} for {@code envFrom}. */
    public record Ref(Source source, String key, boolean optional) {
    }

    /** Reads the references to {@code configMapName} and {@code secretName} from all (init) containers. */
    public static ConsumedConfig of(Deployment deployment, String configMapName, String secretName) {
        var refs = new LinkedHashSet<Ref>();
        var pod = Optional.ofNullable(deployment.getSpec()).map(spec -> spec.getTemplate()).map(t -> t.getSpec());
        pod.map(ConsumedConfig::containers).orElseGet(Stream::empty).forEach(container -> {
            for (var env : container.getEnv() == null ? List.<io.fabric8.kubernetes.api.model.EnvVar>of() : container.getEnv()) {
                var from = env.getValueFrom();
                if (from == null) {
                    continue;
                }
                var cm = from.getConfigMapKeyRef();
                if (cm != null && ConfigSnapshot.reads(configMapName, Source.CONFIG_MAP, cm.getName())) {
                    refs.add(new Ref(Source.CONFIG_MAP, cm.getKey(), Boolean.TRUE.equals(cm.getOptional())));
                }
                var secret = from.getSecretKeyRef();
                if (secret != null && ConfigSnapshot.reads(secretName, Source.SECRET, secret.getName())) {
                    refs.add(new Ref(Source.SECRET, secret.getKey(), Boolean.TRUE.equals(secret.getOptional())));
                }
            }
            for (var envFrom : container.getEnvFrom() == null ? List.<io.fabric8.kubernetes.api.model.EnvFromSource>of() : container.getEnvFrom()) {
                var cm = envFrom.getConfigMapRef();
                if (cm != null && ConfigSnapshot.reads(configMapName, Source.CONFIG_MAP, cm.getName())) {
                    refs.add(new Ref(Source.CONFIG_MAP, null, Boolean.TRUE.equals(cm.getOptional())));
                }
                var secret = envFrom.getSecretRef();
                if (secret != null && ConfigSnapshot.reads(secretName, Source.SECRET, secret.getName())) {
                    refs.add(new Ref(Source.SECRET, null, Boolean.TRUE.equals(secret.getOptional())));
                }
            }
        });
        // A mounted key is read too (the database CA, Secret key MYSQL_SSL_CA), from a snapshot once deployed: a new
        // value must roll the pods as well.
        pod.map(PodSpec::getVolumes).orElseGet(List::of).forEach(volume -> {
            var secret = volume.getSecret();
            if (secret != null && ConfigSnapshot.reads(secretName, Source.SECRET, secret.getSecretName())) {
                addMounted(refs, Source.SECRET, secret.getItems(), Boolean.TRUE.equals(secret.getOptional()));
            }
            var cm = volume.getConfigMap();
            if (cm != null && ConfigSnapshot.reads(configMapName, Source.CONFIG_MAP, cm.getName())) {
                addMounted(refs, Source.CONFIG_MAP, cm.getItems(), Boolean.TRUE.equals(cm.getOptional()));
            }
        });
        return new ConsumedConfig(configMapName, secretName, List.copyOf(refs));
    }

    /** A volume without items mounts every key, as envFrom reads every key. */
    private static void addMounted(Collection<Ref> refs, Source source, List<io.fabric8.kubernetes.api.model.KeyToPath> items,
            boolean optional) {
        if (items == null || items.isEmpty()) {
            refs.add(new Ref(source, null, optional));
        } else {
            items.forEach(item -> refs.add(new Ref(source, item.getKey(), optional)));
        }
    }

    private static Stream<Container> containers(PodSpec spec) {
        return Stream.concat(
                spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream(),
                spec.getContainers() == null ? Stream.empty() : spec.getContainers().stream());
    }

    public boolean isEmpty() {
        return refs.isEmpty();
    }

    /**
     * Why restarting now would start pods that cannot run (Kubernetes refuses a missing required key with
     * CreateContainerConfigError), or empty when every required key and object is there. Names keys, never values.
     */
    public Optional<String> problem(ConfigMap configMap, Secret secret) {
        var problems = new TreeSet<String>();
        for (var ref : refs) {
            if (ref.optional()) {
                continue;
            }
            var exists = ref.source() == Source.CONFIG_MAP ? configMap != null : secret != null;
            var data = data(ref.source(), configMap, secret);
            if (!exists) {
                problems.add(describe(ref.source()) + " is missing (deleted or not created)");
            } else if (ref.key() != null && !data.containsKey(ref.key())) {
                problems.add("key " + ref.key() + " is missing from " + describe(ref.source()));
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The keys to hash: the referenced ones, and every key present in an object read whole through envFrom. */
    public Collection<Key> keys(ConfigMap configMap, Secret secret) {
        var keys = new ArrayList<Key>();
        for (var ref : refs) {
            if (ref.key() != null) {
                keys.add(new Key(ref.source(), ref.key()));
            } else {
                data(ref.source(), configMap, secret).keySet().forEach(name -> keys.add(new Key(ref.source(), name)));
            }
        }
        return keys;
    }

    /** The hash of what the pods would read from these objects. */
    public String hash(ConfigMap configMap, Secret secret) {
        return ConfigHash.of(data(Source.CONFIG_MAP, configMap, secret), data(Source.SECRET, configMap, secret),
                keys(configMap, secret));
    }

    String describe(Source source) {
        return source == Source.CONFIG_MAP ? "ConfigMap " + configMapName : "Secret " + secretName;
    }

    private static Map<String, String> data(Source source, ConfigMap configMap, Secret secret) {
        Map<String, String> data = source == Source.CONFIG_MAP
                ? (configMap == null ? null : configMap.getData())
                : (secret == null ? null : secret.getData());
        return data == null ? Map.of() : data;
    }
}
