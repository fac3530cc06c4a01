package io.myblog.service.health;

import io.myblog.service.database.DatabaseMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Started once the first database check has finished, whatever it found: a database that is down must make the pod
 * unready, never make Kubernetes kill it for failing to start.
 */
@Startup
@ApplicationScoped
public class StartupCompleteCheck implements HealthCheck {

    private final DatabaseMonitor monitor;

    StartupCompleteCheck(DatabaseMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("startup").status(monitor.firstCheckDone()).build();
    }
}
