package io.myblog.deploy.manifest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * quarkus-kubernetes 3.33 collects env vars in a HashMap keyed partly by an enum's identity hash, so the generated env
 * list comes out in another order on each build, and so do the container ports once there are two (the HTTP port and
 * the management interface's); a different order is a different pod template and rolls every pod. Both sorted by
 * name, the same source always gives the same template. None of our values refers to another with $(NAME),
 * the one case where env order matters (https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/).
 */
public final class StableEnvOrder {

    private StableEnvOrder() {
    }

    public static Deployment of(Deployment deployment) {
        var copy = Serialization.clone(deployment);
        var pod = copy.getSpec().getTemplate().getSpec();
        Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).forEach(StableEnvOrder::sort);
        return copy;
    }

    private static void sort(Container container) {
        if (container.getPorts() != null) {
            container.setPorts(container.getPorts().stream()
                    .sorted(Comparator.comparing(ContainerPort::getName, Comparator.nullsLast(Comparator.naturalOrder()))
                            .thenComparing(ContainerPort::getContainerPort))
                    .toList());
        }
        if (container.getEnv() != null && container.getEnv().stream().noneMatch(StableEnvOrder::refersToAnother)) {
            container.setEnv(container.getEnv().stream().sorted(Comparator.comparing(EnvVar::getName)).toList());
        }
    }

    private static boolean refersToAnother(EnvVar env) {
        return env.getValue() != null && env.getValue().contains("$(");
    }
}
