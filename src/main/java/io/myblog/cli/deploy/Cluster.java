package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The client and namespace one command acts on. Every API call goes through {@link #call} so that a refusal or an
 * unreachable cluster becomes one sentence naming what was refused, with exit code 3, never a client stack trace.
 */
public record Cluster(KubernetesClient client, String namespace) {

    /** Runs one API call; {@code verb} and {@code resource} ("patch", "deployments.apps/myblog") name it in errors. */
    public <T> T call(String verb, String resource, Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw translate(e, verb, resource);
        }
    }

    public void run(String verb, String resource, Runnable request) {
        call(verb, resource, () -> {
            request.run();
            return null;
        });
    }

    /** The live Deployment {@code name}, if there is one; what deploy, rollback and restart start from. */
    Optional<Deployment> deployment(String name) {
        return Optional.ofNullable(call("get", "deployments.apps/" + name, () -> client.apps().deployments()
                .inNamespace(namespace).withName(name).get()));
    }

    DeployFailure translate(KubernetesClientException e, String verb, String resource) {
        var where = " in namespace " + namespace;
        var detail = e.getStatus() != null && e.getStatus().getMessage() != null ? ": " + e.getStatus().getMessage() : "";
        if (e.getCode() <= 0) {
            // no HTTP answer at all (fabric8 reports 0 or -1): refused, timed out, unknown host, TLS failure
            var context = client.getConfiguration().getCurrentContext();
            return DeployFailure.cluster("cannot reach the Kubernetes API at " + client.getMasterUrl()
                    + " (trying to " + verb + " " + resource + "): " + rootCause(e) + ". Check that the cluster runs "
                    + "and answers `kubectl cluster-info" + (context == null ? "" : " --context " + context.getName())
                    + "`, or pick another with --context NAME (`kubectl config get-contexts` lists them)");
        }
        return switch (e.getCode()) {
            case 401 -> DeployFailure.cluster("unauthorized: the cluster at " + client.getMasterUrl()
                    + " rejected the credentials while trying to " + verb + " " + resource + where + detail);
            case 403 -> DeployFailure.cluster("forbidden: not allowed to " + verb + " " + resource + where + detail);
            case 400, 422 -> DeployFailure.badInput("the cluster refused " + resource + " as invalid" + detail);
            default -> DeployFailure.cluster("the Kubernetes API answered " + e.getCode() + " to " + verb + " "
                    + resource + where + detail);
        };
    }

    private static String rootCause(Throwable e) {
        var cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
