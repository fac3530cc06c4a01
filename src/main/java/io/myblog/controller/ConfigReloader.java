package io.myblog.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.myblog.shared.ReloadState;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Watches ConfigMap and Secret {@code name} with informers; after a quiet {@code debounce} window, the replica that
 * holds the Lease compares the hash of what the Deployment consumes with its pod-template annotation and, when they
 * differ and the configuration is complete, patches the annotation: Kubernetes then rolls the pods as for any
 * template change. Every decision is logged and posted as an Event on the Deployment; values are never shown.
 *
 * <p>This class wires the parts, one job each: {@link ConfigWatch} watches, {@link RestartDecider} decides,
 * {@link ReloadLeadership} leads, {@link RbacTracker} tracks what RBAC refuses and {@link ReloadRecorder} records;
 * all decisions run on one {@link ReloadThread}.
 */
public final class ConfigReloader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfigReloader.class);

    /** Everything the watcher needs to know; see {@link ReloadSettings} for the meaning of each. */
    public record Options(String namespace, String name, String identity, Duration debounce, Duration maxWait,
            String leaseName, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    }

    private final Options options;
    private final ReloadMetrics metrics;
    private final ReloadThread thread = new ReloadThread();
    private final ConfigWatch watch;
    private final ReloadLeadership leadership;
    private final ReloadRecorder recorder;
    private final RestartDecider decider;

    public ConfigReloader(KubernetesClient client, Options options, ReloadMetrics metrics) {
        this.options = options;
        this.metrics = metrics;
        var rbac = new RbacTracker(options.namespace(), options.name(), metrics, () -> thread.execute(this::record));
        watch = new ConfigWatch(client, options.namespace(), options.name(), rbac, this::changed);
        leadership = new ReloadLeadership(client, options, rbac, thread, this::leading);
        recorder = new ReloadRecorder(client, options, metrics, rbac, thread, leadership::isLeader);
        decider = new RestartDecider(client, options, watch, rbac, recorder, thread, leadership::isLeader);
    }

    /** Starts the informers and the leader election; returns at once, never throws for cluster trouble. */
    public void start() {
        metrics.state(ReloadState.STARTING);
        LOG.infof("Config reload: watching ConfigMap %s and Secret %s in namespace %s as %s (debounce %d ms)",
                options.name(), options.name(), options.namespace(), options.identity(), options.debounce().toMillis());
        watch.start().thenRun(() -> thread.execute(recorder::watching));
        leadership.start();
    }

    public ReloadState state() {
        return metrics.state();
    }

    public boolean isLeader() {
        return leadership.isLeader();
    }

    public String identity() {
        return options.identity();
    }

    @Override
    public void close() {
        thread.close();
        leadership.close();
        watch.stop();
    }

    private void changed() {
        decider.scheduleCheck();
    }

    private void leading() {
        thread.execute(recorder::leading);
        decider.scheduleCheck();
    }

    private void record() {
        recorder.update();
    }
}
