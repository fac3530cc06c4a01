package io.myblog.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.myblog.shared.ChangeCause;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ConfigHash.Source;
import io.myblog.shared.ConfigSnapshot;
import io.myblog.shared.ConsumedConfig;
import io.myblog.shared.DeployInProgressMark;
import io.myblog.shared.RestartPatch;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Decides whether the Deployment restarts, and restarts it: one check after the debounce window, in which the leader
 * compares the hash of what the Deployment consumes with its pod-template annotation and, when they differ and the
 * configuration is complete and no deploy holds it, snapshots the configuration and patches the annotation and the
 * template's references to the snapshots ({@link RestartPatch}). Runs on the {@link ReloadThread}.
 */
final class RestartDecider {

    /** The whole watcher logs under one category, the one operators tune and the tests capture. */
    private static final Logger LOG = Logger.getLogger(ConfigReloader.class);

    private final KubernetesClient client;
    private final ConfigReloader.Options options;
    private final ConfigWatch watch;
    private final RbacTracker rbac;
    private final ReloadRecorder recorder;
    private final ReloadThread thread;
    private final BooleanSupplier leader;
    private final DebounceWindow window;
    private ScheduledFuture<?> pendingCheck;
    /** The hash taken as the running one when the pod template carries none. */
    private String baseline;

    RestartDecider(KubernetesClient client, ConfigReloader.Options options, ConfigWatch watch, RbacTracker rbac,
            ReloadRecorder recorder, ReloadThread thread, BooleanSupplier leader) {
        this.client = client;
        this.options = options;
        this.watch = watch;
        this.rbac = rbac;
        this.recorder = recorder;
        this.thread = thread;
        this.leader = leader;
        this.window = new DebounceWindow(options.debounce(), options.maxWait());
    }

    /** Something changed, or this replica came to lead: (re)starts the debounce window before the next check. */
    void scheduleCheck() {
        thread.execute(() -> {
            if (pendingCheck != null) {
                pendingCheck.cancel(false);
            }
            pendingCheck = thread.schedule(this::check, window.delayAfterChange(Instant.now()));
        });
    }

    private void check() {
        pendingCheck = null;
        window.checked();
        var what = watch.takeChanged();
        if (!leader.getAsBoolean() || thread.closed() || !watch.hasSynced()) {
            return; // the leader checks; and only against complete caches, which the next event or leadership brings
        }
        var deployment = readDeployment();
        if (deployment.isEmpty()) {
            return;
        }
        var heldUntil = DeployInProgressMark.heldUntil(deployment.get(), Instant.now());
        if (heldUntil.isPresent()) {
            // A deploy is applying a new template that carries the new hash: restarting now would roll twice.
            watch.putBack(what);
            LOG.infof("Deployment %s is being deployed (until %s at the latest): holding the restart", options.name(),
                    heldUntil.get());
            pendingCheck = thread.schedule(this::check, window.delayWhileHeld(Instant.now(), heldUntil.get()));
            return;
        }
        var consumed = ConsumedConfig.of(deployment.get(), options.name(), options.name());
        if (consumed.isEmpty()) {
            LOG.debugf("Deployment %s reads nothing from ConfigMap or Secret %s: nothing to restart for", options.name(), options.name());
            return;
        }
        var configMap = watch.configMap();
        var secret = watch.secret();
        var problem = consumed.problem(configMap, secret);
        if (problem.isPresent()) {
            recorder.heldBack(deployment.get(), problem.get());
            return;
        }
        recorder.complete();
        var live = consumed.hash(configMap, secret);
        var running = templateHash(deployment.get()).orElse(baseline);
        if (running == null) {
            baseline = live;
            LOG.infof("Deployment %s has no %s annotation: taking the current configuration (hash %s) as the one its pods run",
                    options.name(), ConfigHash.ANNOTATION, live);
            return;
        }
        if (!live.equals(running)) {
            var cause = what.isEmpty()
                    ? "ConfigMap " + options.name() + " or Secret " + options.name() + " changed while no replica was watching"
                    : String.join(" and ", what) + " changed";
            restart(deployment.get(), consumed, configMap, secret, cause + ": config hash " + running + " -> " + live, live);
        }
    }

    /**
     * Snapshots the configuration (ConfigSnapshot), then points the template at the snapshots with the new hash: the
     * restart rolls the pods onto a copy that a rollback brings back. A snapshot that cannot be made holds the restart.
     */
    private void restart(Deployment deployment, ConsumedConfig consumed, ConfigMap configMap, Secret secret,
            String reason, String hash) {
        var configMapSnapshot = reads(consumed, Source.CONFIG_MAP) && configMap != null
                ? snapshot(ConfigSnapshot.of(configMap), "configmaps", reason) : Optional.<String>empty();
        var secretSnapshot = reads(consumed, Source.SECRET) && secret != null
                ? snapshot(ConfigSnapshot.of(secret), "secrets", reason) : Optional.<String>empty();
        if (configMapSnapshot.isEmpty() && reads(consumed, Source.CONFIG_MAP) && configMap != null
                || secretSnapshot.isEmpty() && reads(consumed, Source.SECRET) && secret != null) {
            return;
        }
        var annotations = recorder.annotationsWithRestart(Instant.now() + " " + reason);
        var withCause = new LinkedHashMap<>(annotations);
        withCause.putAll(ChangeCause.annotations(ChangeCause.CONFIG_CHANGE + ": " + reason, Instant.now()));
        var patch = RestartPatch.ops(deployment, options.name(), configMapSnapshot.orElse(null),
                secretSnapshot.orElse(null), Map.of(ConfigHash.ANNOTATION, hash), withCause);
        var patched = rbac.call("patch", "deployments",
                () -> deployment().patch(PatchContext.of(PatchType.JSON), client.getKubernetesSerialization().asJson(patch)),
                e -> LOG.warnf("Could not restart Deployment %s (%s): %s; trying again after the next change",
                        options.name(), reason, e.getMessage()));
        if (patched.isPresent()) {
            recorder.restarted(deployment, reason, annotations);
        }
    }

    private static boolean reads(ConsumedConfig consumed, Source source) {
        return consumed.refs().stream().anyMatch(ref -> ref.source() == source);
    }

    /** Creates the snapshot, or finds it made already (its name is its content's hash); its name, or empty. */
    private Optional<String> snapshot(HasMetadata snapshot, String plural, String reason) {
        return rbac.call("create", plural, () -> {
            try {
                client.resource(snapshot).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
            return snapshot.getMetadata().getName();
        }, e -> LOG.warnf("Could not create %s %s for a restart of Deployment %s (%s): %s; trying again after the next "
                + "change", snapshot.getKind(), snapshot.getMetadata().getName(), options.name(), reason, e.getMessage()));
    }

    private Optional<Deployment> readDeployment() {
        return rbac.call("get", "deployments", () -> {
            var deployment = deployment().get();
            if (deployment == null) {
                LOG.debugf("Deployment %s not found in %s: nothing to restart", options.name(), options.namespace());
            }
            return deployment;
        }, e -> LOG.warnf("Could not read Deployment %s: %s", options.name(), e.getMessage()));
    }

    private static Optional<String> templateHash(Deployment deployment) {
        return Optional.ofNullable(deployment.getSpec()).map(spec -> spec.getTemplate())
                .map(template -> template.getMetadata()).map(meta -> meta.getAnnotations())
                .map(annotations -> annotations.get(ConfigHash.ANNOTATION));
    }

    private RollableScalableResource<Deployment> deployment() {
        return client.apps().deployments().inNamespace(options.namespace()).withName(options.name());
    }
}
