package io.myblog.service.health;

import io.myblog.service.database.DatabaseMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the database answers and the schema is migrated. Reads the monitor's last bounded check, so the
 * probe answers at once even under load or while the database hangs.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    private final DatabaseMonitor monitor;

    DatabaseReadinessCheck(DatabaseMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        var state = monitor.state();
        return HealthCheckResponse.named("database")
                .status(state.ready())
                .withData("reachable", state.reachable())
                .withData("migrated", state.migrated())
                .withData("reason", state.reason())
                .withData("checkedAt", state.checkedAt().toString())
                .build();
    }
}
