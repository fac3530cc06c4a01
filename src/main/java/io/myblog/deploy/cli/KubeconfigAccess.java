package io.myblog.deploy.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A client configured like kubectl (KUBECONFIG, ~/.kube/config, in-cluster service account) for the chosen context,
 * with tight timeouts and no retries: an unreachable cluster is reported within seconds, not after minutes of
 * backoff.
 */
@ApplicationScoped
public class KubeconfigAccess implements ClusterAccess {

    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int REQUEST_TIMEOUT_MS = 10_000;

    @Override
    public KubernetesClient connect(ClusterOptions options) {
        var config = Config.autoConfigure(options.context());
        config.setNamespace(options.namespace());
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
