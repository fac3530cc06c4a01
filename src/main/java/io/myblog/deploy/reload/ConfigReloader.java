package io.myblog.deploy.reload;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.myblog.deploy.shared.ChangeCause;
import io.myblog.deploy.shared.ConfigHash;
import io.myblog.deploy.shared.DeployInProgressMark;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import io.myblog.deploy.shared.ConsumedConfig;
import io.myblog.deploy.shared.ReloadStatus;
import io.myblog.deploy.shared.ReloadState;

/**
 * Watches ConfigMap and Secret {@code name} with informers; after a quiet {@code debounce} window, the replica that
 * holds the Lease compares the hash of what the Deployment consumes with its pod-template annotation and, when they
 * differ and the configuration is complete, patches the annotation: Kubernetes then rolls the pods as for any
 * template change. Every decision is logged and posted as an Event on the Deployment; values are never shown.
 *
 * <p>All decisions run on one thread, so the debounce timer, the last problem and the recorded state need no locks.
 */
public final class ConfigReloader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfigReloader.class);

    /** Who holds the Lease, as far as this replica can tell, while RBAC refuses it the Lease. */
    static final String LEASE_UNREADABLE = "(lease refused by RBAC)";

    private static final Object DELETED = new Object();

    /** Everything the watcher needs to know; see {@link ReloadSettings} for the meaning of each. */
    public record Options(String namespace, String name, String identity, Duration debounce, Duration maxWait,
            String leaseName, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    }

    private final KubernetesClient client;
    private final Options options;
    private final ReloadMetrics metrics;
    private final ScheduledExecutorService executor;
    /** The objects whose data changed since the last check, to say in the log and the Event what changed. */
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    /** The data of each watched object as last seen, or {@link #DELETED}. */
    private final Map<String, Object> lastSeen = new ConcurrentHashMap<>();
    /** The "verb resource" pairs RBAC currently refuses; each is logged once, when it is first refused. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Secret> secrets;
    private volatile boolean watchesEstablished;
    private volatile boolean leader;
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;

    // Touched only on the executor thread.
    private ScheduledFuture<?> pendingCheck;
    /** The first change not yet checked: edits that never pause still get their check {@code maxWait} after it. */
    private Instant firstUnchecked;
    private String lastProblem;
    private String baseline;
    private Map<String, String> recorded = Map.of();

    public ConfigReloader(KubernetesClient client, Options options, ReloadMetrics metrics) {
        this.client = client;
        this.options = options;
        this.metrics = metrics;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "myblog-config-reload");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the informers and the leader election; returns at once, never throws for cluster trouble. */
    public void start() {
        metrics.state(ReloadState.STARTING);
        LOG.infof("Config reload: watching ConfigMap %s and Secret %s in namespace %s as %s (debounce %d ms)",
                options.name(), options.name(), options.namespace(), options.identity(), options.debounce().toMillis());
        configMaps = inform(client.configMaps().inNamespace(options.namespace()).withName(options.name()), "configmaps",
                "ConfigMap " + options.name());
        secrets = inform(client.secrets().inNamespace(options.namespace()).withName(options.name()), "secrets",
                "Secret " + options.name());
        CompletableFuture.allOf(start(configMaps, "configmaps"), start(secrets, "secrets"))
                .thenRun(() -> onExecutor(() -> {
                    watchesEstablished = true;
                    updateState();
                }));
        elect();
    }

    public ReloadState state() {
        return metrics.state();
    }

    public boolean isLeader() {
        return leader;
    }

    public String identity() {
        return options.identity();
    }

    @Override
    public void close() {
        closed = true;
        var running = election;
        if (running != null) {
            running.cancel(true); // releases the Lease, so another replica takes over without waiting for it to expire
        }
        if (configMaps != null) {
            configMaps.stop();
        }
        if (secrets != null) {
            secrets.stop();
        }
        executor.shutdownNow();
    }

    // --- Watching -----------------------------------------------------------------------------------------------

    private <T extends HasMetadata> SharedIndexInformer<T> inform(Informable<T> resource, String plural, String label) {
        var informer = resource.runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                seen(plural, label, data(object));
            }

            @Override
            public void onUpdate(T before, T after) {
                seen(plural, label, data(after));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                seen(plural, label, DELETED);
            }
        });
        informer.exceptionHandler((started, failure) -> {
            if (isForbidden(failure)) {
                refused(informerVerb(failure), plural);
                return true; // keep retrying with back-off: a fixed Role takes effect without a restart
            }
            return !ExceptionHandler.isDeserializationException(failure);
        });
        return informer;
    }

    /** Completes once the informer has listed and watches, also after retries that waited for RBAC. */
    private CompletableFuture<Void> start(SharedIndexInformer<?> informer, String plural) {
        return informer.start().toCompletableFuture().thenRun(() -> {
            granted("list", plural);
            granted("watch", plural);
        });
    }

    private static Object data(HasMetadata object) {
        var data = object instanceof ConfigMap configMap ? configMap.getData()
                : object instanceof Secret secret ? secret.getData() : null;
        return data == null ? Map.of() : data;
    }

    /** The first sight of an object is the startup list, not a change; later differences in its data are. */
    private void seen(String plural, String label, Object data) {
        granted("list", plural);
        granted("watch", plural);
        var before = lastSeen.put(label, data);
        if (before != null && !before.equals(data)) {
            changed.add(label);
        }
        scheduleCheck();
    }

    /**
     * Restarts the debounce window: the check runs once, {@code debounce} after the last change, but never later than
     * {@code maxWait} after the first change it has not checked yet, so a stream of edits cannot hold it off forever.
     */
    private void scheduleCheck() {
        onExecutor(() -> {
            if (pendingCheck != null) {
                pendingCheck.cancel(false);
            }
            var now = Instant.now();
            if (firstUnchecked == null) {
                firstUnchecked = now;
            }
            var latest = Duration.between(now, firstUnchecked.plus(options.maxWait()));
            var delay = Math.max(0, Math.min(options.debounce().toMillis(), latest.toMillis()));
            pendingCheck = executor.schedule(this::check, delay, TimeUnit.MILLISECONDS);
        });
    }

    // --- Deciding -----------------------------------------------------------------------------------------------

    private void check() {
        pendingCheck = null;
        firstUnchecked = null;
        var what = new TreeSet<>(changed);
        changed.removeAll(what);
        if (!leader || closed || !configMaps.hasSynced() || !secrets.hasSynced()) {
            return; // the leader checks; and only against complete caches, which the next event or leadership brings
        }
        var deployment = readDeployment();
        if (deployment.isEmpty()) {
            return;
        }
        var heldUntil = DeployInProgressMark.heldUntil(deployment.get(), Instant.now());
        if (heldUntil.isPresent()) {
            // A deploy is applying a new template that carries the new hash: restarting now would roll twice.
            changed.addAll(what);
            LOG.infof("Deployment %s is being deployed (until %s at the latest): holding the restart", options.name(),
                    heldUntil.get());
            var wait = Math.min(options.debounce().toMillis(), Duration.between(Instant.now(), heldUntil.get()).toMillis());
            pendingCheck = executor.schedule(this::check, Math.max(1, wait), TimeUnit.MILLISECONDS);
            return;
        }
        var consumed = ConsumedConfig.of(deployment.get(), options.name(), options.name());
        if (consumed.isEmpty()) {
            LOG.debugf("Deployment %s reads nothing from ConfigMap or Secret %s: nothing to restart for", options.name(), options.name());
            return;
        }
        var configMap = configMaps.getStore().list().stream().findFirst().orElse(null);
        var secret = secrets.getStore().list().stream().findFirst().orElse(null);
        var problem = consumed.problem(configMap, secret);
        if (problem.isPresent()) {
            holdBack(deployment.get(), problem.get());
            return;
        }
        if (lastProblem != null) {
            lastProblem = null;
            updateState();
        }
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
            restart(deployment.get(), cause + ": config hash " + running + " -> " + live, live);
        }
    }

    private void holdBack(Deployment deployment, String problem) {
        if (problem.equals(lastProblem)) {
            return; // said already; say it again only when it changes
        }
        lastProblem = problem;
        metrics.blocked();
        var message = "Not restarting Deployment " + options.name() + " into a broken configuration: " + problem;
        LOG.warn(message);
        postEvent(deployment, ReloadEvents.WARNING, ReloadEvents.CONFIG_INCOMPLETE, message);
        updateState();
    }

    private void restart(Deployment deployment, String reason, String hash) {
        var lastRestart = Instant.now() + " " + reason;
        var annotations = new LinkedHashMap<>(stateAnnotations());
        annotations.put(ReloadStatus.LAST_RESTART, lastRestart);
        // Touches only maps (no lists), so a JSON merge patch changes exactly these annotations.
        var withCause = new LinkedHashMap<>(annotations);
        withCause.putAll(ChangeCause.annotations(ChangeCause.CONFIG_CHANGE + ": " + reason, Instant.now()));
        var patch = Map.of(
                "metadata", Map.of("annotations", withCause),
                "spec", Map.of("template", Map.of("metadata", Map.of("annotations", Map.of(ConfigHash.ANNOTATION, hash)))));
        try {
            deployment().patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(patch));
            granted("patch", "deployments");
        } catch (KubernetesClientException e) {
            if (isForbidden(e)) {
                refused("patch", "deployments");
            } else {
                LOG.warnf("Could not restart Deployment %s (%s): %s; trying again after the next change",
                        options.name(), reason, e.getMessage());
            }
            return;
        }
        recorded = annotations;
        metrics.restarted();
        var message = "Restarting Deployment " + options.name() + ": " + reason;
        LOG.info(message);
        postEvent(deployment, ReloadEvents.NORMAL, ReloadEvents.CONFIG_CHANGED, message);
    }

    private Optional<Deployment> readDeployment() {
        try {
            var deployment = deployment().get();
            granted("get", "deployments");
            if (deployment == null) {
                LOG.debugf("Deployment %s not found in %s: nothing to restart", options.name(), options.namespace());
            }
            return Optional.ofNullable(deployment);
        } catch (KubernetesClientException e) {
            if (isForbidden(e)) {
                refused("get", "deployments");
            } else {
                LOG.warnf("Could not read Deployment %s: %s", options.name(), e.getMessage());
            }
            return Optional.empty();
        }
    }

    private static Optional<String> templateHash(Deployment deployment) {
        return Optional.ofNullable(deployment.getSpec()).map(spec -> spec.getTemplate())
                .map(template -> template.getMetadata()).map(meta -> meta.getAnnotations())
                .map(annotations -> annotations.get(ConfigHash.ANNOTATION));
    }

    private RollableScalableResource<Deployment> deployment() {
        return client.apps().deployments().inNamespace(options.namespace()).withName(options.name());
    }

    private void postEvent(Deployment deployment, String type, String reason, String message) {
        var event = ReloadEvents.desiredEvent(deployment, type, reason, message, options.identity(), Instant.now());
        try {
            client.v1().events().inNamespace(options.namespace()).resource(event).create();
            granted("create", "events");
        } catch (KubernetesClientException e) {
            if (isForbidden(e)) {
                refused("create", "events");
            } else {
                LOG.warnf("Could not post Event on Deployment %s: %s", options.name(), e.getMessage());
            }
        }
    }

    // --- Leading ------------------------------------------------------------------------------------------------

    private void elect() {
        if (closed) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName("myblog config reload")
                .withLock(new RefusalAwareLock(new LeaseLock(options.namespace(), options.leaseName(), options.identity())))
                .withLeaseDuration(options.leaseDuration())
                .withRenewDeadline(options.renewDeadline())
                .withRetryPeriod(options.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                        holder -> LOG.debugf("Config reload leader is now %s", holder)))
                .build();
        var running = client.leaderElector().withConfig(config).build().start();
        election = running;
        // A leader that could not renew stops leading and the elector ends: stand for election again.
        running.whenComplete((done, failure) -> onExecutor(
                () -> executor.schedule(this::elect, options.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)));
    }

    private void startedLeading() {
        leader = true;
        LOG.infof("Config reload: %s leads (Lease %s); it alone restarts Deployment %s", options.identity(),
                options.leaseName(), options.name());
        onExecutor(() -> {
            recorded = Map.of(); // a new leader states where things stand, whatever the previous one wrote
            updateState();
        });
        scheduleCheck();
    }

    private void stoppedLeading() {
        leader = false;
        LOG.infof("Config reload: %s no longer leads", options.identity());
    }

    /** Reads the Lease through {@link LeaseLock}; while RBAC refuses it, reports it held, so the elector waits quietly. */
    private final class RefusalAwareLock implements Lock {
        private final Lock lease;

        RefusalAwareLock(Lock lease) {
            this.lease = lease;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            try {
                var record = lease.get(client);
                granted("get", "leases");
                return record;
            } catch (KubernetesClientException e) {
                if (!isForbidden(e)) {
                    throw e;
                }
                refused("get", "leases");
                var now = ZonedDateTime.now(ZoneOffset.UTC);
                return new LeaderElectionRecord(LEASE_UNREADABLE, options.leaseDuration(), now, now, 0);
            }
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            guarded("create", () -> lease.create(client, record));
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            guarded("patch", () -> lease.update(client, record)); // LeaseLock updates with a JSON merge patch
        }

        private void guarded(String verb, Runnable call) {
            try {
                call.run();
                granted(verb, "leases");
            } catch (KubernetesClientException e) {
                if (isForbidden(e)) {
                    refused(verb, "leases");
                }
                throw e;
            }
        }

        @Override
        public String identity() {
            return lease.identity();
        }

        @Override
        public String describe() {
            return lease.describe();
        }
    }

    // --- State --------------------------------------------------------------------------------------------------

    private void refused(String verb, String resource) {
        if (refused.add(verb + " " + resource)) {
            metrics.denied();
            LOG.errorf("Config reload: RBAC denies '%s' on %s in namespace %s to this pod's service account. Changes to "
                    + "ConfigMap/Secret %s will not restart the pods until the Role allows it; the service keeps serving.",
                    verb, resource, options.namespace(), options.name());
            onExecutor(this::updateState);
        }
    }

    private void granted(String verb, String resource) {
        if (refused.remove(verb + " " + resource)) {
            LOG.infof("Config reload: RBAC now allows '%s' on %s", verb, resource);
            onExecutor(this::updateState);
        }
    }

    private ReloadState currentState() {
        if (!refused.isEmpty()) {
            return ReloadState.DENIED;
        }
        return watchesEstablished ? ReloadState.WATCHING : ReloadState.STARTING;
    }

    private Map<String, String> stateAnnotations() {
        var state = currentState();
        var detail = state == ReloadState.DENIED
                ? "RBAC refuses: " + String.join(", ", new TreeSet<>(refused))
                : lastProblem != null ? "restart held back: " + lastProblem : "";
        return ReloadStatus.annotations(state, detail, options.identity());
    }

    /** Updates the metric and, from the leader (or whoever sees the Lease refused), the Deployment's annotations. */
    private void updateState() {
        metrics.state(currentState());
        var leaseRefused = refused.stream().anyMatch(pair -> pair.endsWith(" leases"));
        if (closed || !(leader || leaseRefused)) {
            return;
        }
        var annotations = stateAnnotations();
        if (annotations.equals(withoutLastRestart(recorded))) {
            return;
        }
        try {
            deployment().patch(PatchContext.of(PatchType.JSON_MERGE),
                    client.getKubernetesSerialization().asJson(Map.of("metadata", Map.of("annotations", annotations))));
            recorded = annotations;
        } catch (KubernetesClientException e) {
            // Best effort: the log and the metric carry the state when the Deployment cannot.
            LOG.debugf("Could not record the config reload state on Deployment %s: %s", options.name(), e.getMessage());
        }
    }

    private static Map<String, String> withoutLastRestart(Map<String, String> annotations) {
        var copy = new LinkedHashMap<>(annotations);
        copy.remove(ReloadStatus.LAST_RESTART);
        return copy;
    }

    private void onExecutor(Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closing) {
            // close() won the race: nothing left to do
        }
    }

    /** An informer lists, then watches; RBAC grants the two verbs separately, so say which one was refused. */
    private static String informerVerb(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("watch=true")) {
                return "watch";
            }
        }
        return "list";
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
