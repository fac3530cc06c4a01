package io.myblog.cli;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Opens a client for the chosen context; tests substitute one that points at a mock API server. */
public interface ClusterAccess {

    KubernetesClient connect(ClusterOptions options);
}
