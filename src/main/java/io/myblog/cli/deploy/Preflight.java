package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Before anything is written: every key a workload reads with a non-optional {@code secretKeyRef} or
 * {@code configMapKeyRef}, and every object it reads whole with a non-optional {@code envFrom}, must exist in what
 * will be live after the deploy. Otherwise the pods would stop at CreateContainerConfigError, after the
 * configuration had already been changed under the running ones.
 */
public final class Preflight {

    /** Where a workload's reference points: "Secret"/"ConfigMap" and a name. */
    public record Source(String kind, String name) {
        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    private Preflight() {
    }

    /**
     * @param objects what the deploy will apply
     * @param live    the keys of an object that is not applied but live in the cluster, or empty when it does not exist
     * @return one sentence per missing key or object, naming the key, the object and the workload that reads it
     */
    public static List<String> problems(List<HasMetadata> objects, BiFunction<String, String, Optional<Set<String>>> live) {
        var problems = new ArrayList<String>();
        for (var object : objects) {
            var pod = podSpec(object);
            if (pod.isEmpty()) {
                continue;
            }
            var workload = object.getKind() + " " + object.getMetadata().getName();
            for (var container : containers(pod.get())) {
                for (var env : container.getEnv()) {
                    var from = env.getValueFrom();
                    if (from != null && from.getSecretKeyRef() != null && !Boolean.TRUE.equals(from.getSecretKeyRef().getOptional())) {
                        check(new Source("Secret", from.getSecretKeyRef().getName()), from.getSecretKeyRef().getKey(),
                                workload, container, objects, live, problems);
                    }
                    if (from != null && from.getConfigMapKeyRef() != null
                            && !Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional())) {
                        check(new Source("ConfigMap", from.getConfigMapKeyRef().getName()), from.getConfigMapKeyRef().getKey(),
                                workload, container, objects, live, problems);
                    }
                }
                for (var envFrom : container.getEnvFrom()) {
                    if (envFrom.getSecretRef() != null && !Boolean.TRUE.equals(envFrom.getSecretRef().getOptional())) {
                        check(new Source("Secret", envFrom.getSecretRef().getName()), null, workload, container, objects,
                                live, problems);
                    }
                    if (envFrom.getConfigMapRef() != null && !Boolean.TRUE.equals(envFrom.getConfigMapRef().getOptional())) {
                        check(new Source("ConfigMap", envFrom.getConfigMapRef().getName()), null, workload, container,
                                objects, live, problems);
                    }
                }
            }
        }
        return problems.stream().distinct().toList();
    }

    private static void check(Source source, String key, String workload, Container container, List<HasMetadata> objects,
            BiFunction<String, String, Optional<Set<String>>> live, List<String> problems) {
        var keys = keysAfterDeploy(source, objects, live);
        var reader = workload + " (container " + container.getName() + ")";
        if (keys.isEmpty()) {
            problems.add(source + " does not exist and is not in the deploy, but " + reader + " reads "
                    + (key == null ? "it" : "its key " + key));
        } else if (key != null && !keys.get().contains(key)) {
            problems.add("key " + key + " is missing from " + source + ", but " + reader + " reads it");
        }
    }

    private static Optional<Set<String>> keysAfterDeploy(Source source, List<HasMetadata> objects,
            BiFunction<String, String, Optional<Set<String>>> live) {
        for (var object : objects) {
            if (object.getKind().equals(source.kind()) && object.getMetadata().getName().equals(source.name())) {
                return Optional.of(keys(object));
            }
        }
        return live.apply(source.kind(), source.name());
    }

    /** The data keys of a ConfigMap or Secret, both its maps. */
    public static Set<String> keys(HasMetadata object) {
        var keys = new HashSet<String>();
        if (object instanceof ConfigMap configMap) {
            Optional.ofNullable(configMap.getData()).ifPresent(data -> keys.addAll(data.keySet()));
            Optional.ofNullable(configMap.getBinaryData()).ifPresent(data -> keys.addAll(data.keySet()));
        }
        if (object instanceof Secret secret) {
            Optional.ofNullable(secret.getData()).ifPresent(data -> keys.addAll(data.keySet()));
            Optional.ofNullable(secret.getStringData()).ifPresent(data -> keys.addAll(data.keySet()));
        }
        return keys;
    }

    static Optional<PodSpec> podSpec(HasMetadata object) {
        if (object instanceof Deployment d && d.getSpec() != null && d.getSpec().getTemplate() != null) {
            return Optional.ofNullable(d.getSpec().getTemplate().getSpec());
        }
        if (object instanceof StatefulSet s && s.getSpec() != null && s.getSpec().getTemplate() != null) {
            return Optional.ofNullable(s.getSpec().getTemplate().getSpec());
        }
        if (object instanceof DaemonSet d && d.getSpec() != null && d.getSpec().getTemplate() != null) {
            return Optional.ofNullable(d.getSpec().getTemplate().getSpec());
        }
        if (object instanceof Job j && j.getSpec() != null && j.getSpec().getTemplate() != null) {
            return Optional.ofNullable(j.getSpec().getTemplate().getSpec());
        }
        return Optional.empty();
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    }

    /** True when some workload in {@code objects} reads Secret {@code name}. */
    public static boolean reads(List<HasMetadata> objects, String secretName) {
        return objects.stream().map(Preflight::podSpec).flatMap(Optional::stream).flatMap(pod -> containers(pod).stream())
                .anyMatch(c -> c.getEnv().stream().anyMatch(e -> e.getValueFrom() != null
                        && e.getValueFrom().getSecretKeyRef() != null
                        && secretName.equals(e.getValueFrom().getSecretKeyRef().getName()))
                        || c.getEnvFrom().stream().anyMatch(f -> f.getSecretRef() != null
                        && secretName.equals(f.getSecretRef().getName())));
    }
}
