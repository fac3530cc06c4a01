package io.myblog.cli;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.myblog.cli.deploy.DeployFailure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A client configured like kubectl (KUBECONFIG, ~/.kube/config, in-cluster service account) for the chosen context,
 * with tight timeouts and no retries: an unreachable cluster is reported within seconds, not after minutes of
 * backoff. A context the kubeconfig lacks is refused before any request: fabric8 would silently fall back to the
 * current one, and a typo would then deploy to, or undeploy from, another cluster.
 */
@ApplicationScoped
public class KubeconfigAccess implements ClusterAccess {

    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int REQUEST_TIMEOUT_MS = 10_000;

    @Override
    public KubernetesClient connect(ClusterOptions options) {
        var found = Config.autoConfigure(null);
        var inCluster = System.getenv(Config.KUBERNETES_SERVICE_HOST_PROPERTY) != null;
        var names = found.getContexts() == null ? java.util.List.<String>of()
                : found.getContexts().stream().map(NamedContext::getName).toList();
        if (found.getFile() == null && !inCluster) {
            throw DeployFailure.badInput("no kubeconfig found (looked at " + String.join(", ",
                    Config.getKubeconfigFilenames()) + ") and not running inside a cluster: point KUBECONFIG at your "
                    + "cluster's kubeconfig, or check `kubectl config get-contexts`");
        }
        if (options.context() != null && !names.contains(options.context())) {
            throw DeployFailure.badInput("context \"" + options.context() + "\" is not in the kubeconfig "
                    + (found.getFile() == null ? "" : found.getFile() + " ") + "; it has: "
                    + (names.isEmpty() ? "no contexts" : String.join(", ", names))
                    + ". Nothing was sent to any cluster.");
        }
        var config = options.context() == null ? found : Config.autoConfigure(options.context());
        config.setNamespace(options.namespace());
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
