package io.myblog.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starts the config watcher when myblog runs inside Kubernetes (or {@code myblog.reload.enabled=true}); the service
 * never waits for it, and readiness never depends on it.
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
        if (!enabled(settings.enabled(), System.getenv("KUBERNETES_SERVICE_HOST"))) {
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
            // Restarting on config changes is a convenience: never let it stop the blog from serving.
            LOG.errorf("Config reload could not start, ConfigMap/Secret changes will not restart the pods: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (reloader != null) {
            reloader.close();
        }
    }

    /** Explicit config wins; otherwise on exactly when Kubernetes injected its service host into the pod. */
    static boolean enabled(Optional<Boolean> configured, String kubernetesServiceHost) {
        return configured.orElse(kubernetesServiceHost != null && !kubernetesServiceHost.isBlank());
    }

    static String identity(Optional<String> configured, String hostname) {
        return configured.or(() -> Optional.ofNullable(hostname).filter(name -> !name.isBlank()))
                .orElseGet(() -> "myblog-" + UUID.randomUUID());
    }
}
