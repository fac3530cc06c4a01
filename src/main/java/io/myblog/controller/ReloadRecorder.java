package io.myblog.controller;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.myblog.shared.ReloadState;
import io.myblog.shared.ReloadStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Where the watcher stands and what it did, recorded where operators look: the metrics, the status annotations on the
 * Deployment (written by the leader, or by whoever sees the Lease refused) and Kubernetes Events on it.
 * Runs on the {@link ReloadThread}.
 */
final class ReloadRecorder {

    /** The whole watcher logs under one category, the one operators tune and the tests capture. */
    private static final Logger LOG = Logger.getLogger(ConfigReloader.class);

    private final KubernetesClient client;
    private final ConfigReloader.Options options;
    private final ReloadMetrics metrics;
    private final RbacTracker rbac;
    private final ReloadThread thread;
    private final BooleanSupplier leader;
    private boolean watchesEstablished;
    /** Why the restart is held back, as last said; said again only when it changes. */
    private String lastProblem;
    /** The state annotations as last written to the Deployment. */
    private Map<String, String> recorded = Map.of();

    ReloadRecorder(KubernetesClient client, ConfigReloader.Options options, ReloadMetrics metrics, RbacTracker rbac,
            ReloadThread thread, BooleanSupplier leader) {
        this.client = client;
        this.options = options;
        this.metrics = metrics;
        this.rbac = rbac;
        this.thread = thread;
        this.leader = leader;
    }

    /** Both informers list and watch. */
    void watching() {
        watchesEstablished = true;
        update();
    }

    /** A new leader states where things stand, whatever the previous one wrote. */
    void leading() {
        recorded = Map.of();
        update();
    }

    /** Updates the metric and, from the leader (or whoever sees the Lease refused), the Deployment's annotations. */
    void update() {
        metrics.state(currentState());
        if (thread.closed() || !(leader.getAsBoolean() || rbac.leaseRefused())) {
            return;
        }
        var annotations = stateAnnotations();
        if (annotations.equals(withoutLastRestart(recorded))) {
            return;
        }
        try {
            client.apps().deployments().inNamespace(options.namespace()).withName(options.name()).patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    client.getKubernetesSerialization().asJson(Map.of("metadata", Map.of("annotations", annotations))));
            recorded = annotations;
        } catch (KubernetesClientException e) {
            // Best effort: the log and the metric carry the state when the Deployment cannot.
            LOG.debugf("Could not record the config reload state on Deployment %s: %s", options.name(), e.getMessage());
        }
    }

    void heldBack(Deployment deployment, String problem) {
        if (problem.equals(lastProblem)) {
            return; // said already; say it again only when it changes
        }
        lastProblem = problem;
        metrics.blocked();
        var message = "Not restarting Deployment " + options.name() + " into a broken configuration: " + problem;
        LOG.warn(message);
        postEvent(deployment, ReloadEvents.WARNING, ReloadEvents.CONFIG_INCOMPLETE, message);
        update();
    }

    /** The configuration is complete again: nothing holds a restart back any more. */
    void complete() {
        if (lastProblem != null) {
            lastProblem = null;
            update();
        }
    }

    /** The state annotations with the last restart: what the restart patch writes along with the template. */
    Map<String, String> annotationsWithRestart(String lastRestart) {
        var annotations = new LinkedHashMap<>(stateAnnotations());
        annotations.put(ReloadStatus.LAST_RESTART, lastRestart);
        return annotations;
    }

    /** The restart patch went through, carrying {@code annotations}. */
    void restarted(Deployment deployment, String reason, Map<String, String> annotations) {
        recorded = annotations;
        metrics.restarted();
        var message = "Restarting Deployment " + options.name() + ": " + reason;
        LOG.info(message);
        postEvent(deployment, ReloadEvents.NORMAL, ReloadEvents.CONFIG_CHANGED, message);
    }

    private void postEvent(Deployment deployment, String type, String reason, String message) {
        var event = ReloadEvents.desiredEvent(deployment, type, reason, message, options.identity(), Instant.now());
        rbac.call("create", "events", () -> client.v1().events().inNamespace(options.namespace()).resource(event).create(),
                e -> LOG.warnf("Could not post Event on Deployment %s: %s", options.name(), e.getMessage()));
    }

    private ReloadState currentState() {
        if (rbac.anyRefused()) {
            return ReloadState.DENIED;
        }
        return watchesEstablished ? ReloadState.WATCHING : ReloadState.STARTING;
    }

    private Map<String, String> stateAnnotations() {
        var state = currentState();
        var detail = state == ReloadState.DENIED ? "RBAC refuses: " + rbac.refusals()
                : lastProblem != null ? "restart held back: " + lastProblem : "";
        return ReloadStatus.annotations(state, detail, options.identity());
    }

    private static Map<String, String> withoutLastRestart(Map<String, String> annotations) {
        var copy = new LinkedHashMap<>(annotations);
        copy.remove(ReloadStatus.LAST_RESTART);
        return copy;
    }
}
