package io.myblog.controller;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Which "verb resource" pairs RBAC currently refuses the watcher, for the status annotations and the log: a refusal is
 * logged and counted once, when it starts, its end is logged, and either change is reported so the state is recorded.
 */
final class RbacTracker {

    /** The whole watcher logs under one category, the one operators tune and the tests capture. */
    private static final Logger LOG = Logger.getLogger(ConfigReloader.class);

    private final String namespace;
    private final String name;
    private final ReloadMetrics metrics;
    private final Runnable changed;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    RbacTracker(String namespace, String name, ReloadMetrics metrics, Runnable changed) {
        this.namespace = namespace;
        this.name = name;
        this.metrics = metrics;
        this.changed = changed;
    }

    void refused(String verb, String resource) {
        if (refused.add(verb + " " + resource)) {
            metrics.denied();
            LOG.errorf("Config reload: RBAC denies '%s' on %s in namespace %s to this pod's service account. Changes to "
                    + "ConfigMap/Secret %s will not restart the pods until the Role allows it; the service keeps serving.",
                    verb, resource, namespace, name);
            changed.run();
        }
    }

    void granted(String verb, String resource) {
        if (refused.remove(verb + " " + resource)) {
            LOG.infof("Config reload: RBAC now allows '%s' on %s", verb, resource);
            changed.run();
        }
    }

    /**
     * Makes one API call and tracks whether RBAC allowed it; any other failure goes to {@code otherwise}. Empty when
     * the call failed or answered nothing.
     */
    <T> Optional<T> call(String verb, String resource, Supplier<T> call, Consumer<KubernetesClientException> otherwise) {
        try {
            var answer = call.get();
            granted(verb, resource);
            return Optional.ofNullable(answer);
        } catch (KubernetesClientException e) {
            if (isForbidden(e)) {
                refused(verb, resource);
            } else {
                otherwise.accept(e);
            }
            return Optional.empty();
        }
    }

    boolean anyRefused() {
        return !refused.isEmpty();
    }

    boolean leaseRefused() {
        return refused.stream().anyMatch(pair -> pair.endsWith(" leases"));
    }

    /** The refused pairs, sorted: {@code "list configmaps, patch deployments"}. */
    String refusals() {
        return String.join(", ", new TreeSet<>(refused));
    }

    static boolean isForbidden(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException e && e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                return true;
            }
            if (cause instanceof WatcherException e && e.asClientException().getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                return true;
            }
        }
        return false;
    }
}
