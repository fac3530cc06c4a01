package io.myblog.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.myblog.shared.ReloadState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starts the config watcher in the controller program ({@code myblog.reload.enabled=true}, set by its profile only).
 * In the blog service it does nothing: the Kubernetes client is looked up lazily, so the service never builds one.
 */
@ApplicationScoped
public class ConfigReloadService {

    private static final Logger LOG = Logger.getLogger(ConfigReloadService.class);

    private final ReloadSettings settings;
    private final Instance<KubernetesClient> client;
    private final ReloadMetrics metrics;
    private ConfigReloader reloader;

    ConfigReloadService(ReloadSettings settings, Instance<KubernetesClient> client, MeterRegistry registry) {
        this.settings = settings;
        this.client = client;
        this.metrics = new ReloadMetrics(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            LOG.debug("Config reload disabled");
            return;
        }
        try {
            var kubernetes = client.get();
            var namespace = settings.namespace().orElseGet(() -> Optional.ofNullable(kubernetes.getNamespace()).orElse("default"));
            reloader = new ConfigReloader(kubernetes, new ConfigReloader.Options(namespace, settings.name(),
                    identity(settings.identity(), System.getenv("HOSTNAME")), settings.debounce(), settings.maxWait(), settings.leaseName(),
                    settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod()), metrics);
            reloader.start();
        } catch (RuntimeException e) {
            // The controller's readiness (WatchReadinessCheck) stays DOWN and says why; the pod's log says it once.
            LOG.errorf("Config reload could not start, ConfigMap/Secret changes will not restart the pods: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (reloader != null) {
            reloader.close();
        }
    }

    /** The watcher's state and whether this replica leads; {@code DISABLED} when it is not running. */
    ReloadState state() {
        return reloader == null ? metrics.state() : reloader.state();
    }

    boolean isLeader() {
        return reloader != null && reloader.isLeader();
    }

    static String identity(Optional<String> configured, String hostname) {
        return configured.or(() -> Optional.ofNullable(hostname).filter(name -> !name.isBlank()))
                .orElseGet(() -> "myblog-" + UUID.randomUUID());
    }
}
