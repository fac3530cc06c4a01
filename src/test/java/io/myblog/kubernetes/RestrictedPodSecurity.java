package io.myblog.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks of the Pod Security Standards' Baseline and Restricted profiles that a pod spec of ours can touch
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), as the API server's admission applies them:
 * each container's own securityContext wins over the pod's. Returns the violations, empty when the pod passes.
 */
final class RestrictedPodSecurity {

    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private RestrictedPodSecurity() {
    }

    static List<String> violations(PodSpec pod) {
        var found = new ArrayList<String>();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC())) {
            found.add("host namespaces");
        }
        for (var volume : pod.getVolumes() == null ? List.<io.fabric8.kubernetes.api.model.Volume>of() : pod.getVolumes()) {
            var kinds = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().convertValue(volume, java.util.Map.class).keySet();
            kinds.stream().filter(k -> !"name".equals(k)).filter(k -> !RESTRICTED_VOLUMES.contains(k))
                    .forEach(k -> found.add("volume " + volume.getName() + " of type " + k));
        }
        var podContext = pod.getSecurityContext();
        var podNonRoot = podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
        var podSeccomp = podContext != null && podContext.getSeccompProfile() != null
                ? podContext.getSeccompProfile().getType() : null;
        if (podContext != null && Long.valueOf(0).equals(podContext.getRunAsUser())) {
            found.add("pod runs as user 0");
        }
        Stream.of(pod.getInitContainers(), pod.getContainers()).filter(l -> l != null).flatMap(List::stream)
                .forEach(c -> found.addAll(violations(c, podNonRoot, podSeccomp)));
        return found;
    }

    private static List<String> violations(Container container, boolean podNonRoot, String podSeccomp) {
        var found = new ArrayList<String>();
        var name = container.getName();
        SecurityContext context = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
        var nonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : podNonRoot;
        if (!nonRoot) {
            found.add(name + ": runAsNonRoot is not true");
        }
        if (Long.valueOf(0).equals(context.getRunAsUser())) {
            found.add(name + ": runs as user 0");
        }
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            found.add(name + ": privileged");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            found.add(name + ": allowPrivilegeEscalation is not false");
        }
        var seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile().getType() : podSeccomp;
        if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
            found.add(name + ": no RuntimeDefault or Localhost seccomp profile");
        }
        var capabilities = context.getCapabilities();
        if (capabilities == null || capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
            found.add(name + ": does not drop ALL capabilities");
        }
        if (capabilities != null && capabilities.getAdd() != null) {
            capabilities.getAdd().stream().filter(c -> !"NET_BIND_SERVICE".equals(c))
                    .forEach(c -> found.add(name + ": adds capability " + c));
        }
        if (container.getPorts() != null && container.getPorts().stream().anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
            found.add(name + ": host port");
        }
        return found;
    }
}
