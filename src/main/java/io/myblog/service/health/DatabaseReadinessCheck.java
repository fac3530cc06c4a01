package io.myblog.service.health;

import io.myblog.service.database.DatabaseMonitor;
import io.myblog.service.database.ReplicaHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the primary database answers and the schema is migrated; a read replica's state is a detail. Reads the monitor's last bounded check, so the
 * probe answers at once even under load or while the database hangs.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    private final DatabaseMonitor monitor;
    private final ReplicaHealth replica;

    DatabaseReadinessCheck(DatabaseMonitor monitor, ReplicaHealth replica) {
        this.monitor = monitor;
        this.replica = replica;
    }

    @Override
    public HealthCheckResponse call() {
        var state = monitor.state();
        var response = HealthCheckResponse.named("database")
                .status(state.ready())
                .withData("reachable", state.reachable())
                .withData("migrated", state.migrated())
                .withData("reason", state.reason())
                .withData("checkedAt", state.checkedAt().toString());
        if (replica.configured()) {
            // the replica never decides readiness: without it, reads go to the primary
            var reads = replica.state();
            response.withData("replica", reads.usable() ? "serving reads, " + reads.reason()
                    : "left out, reads go to the primary: " + reads.reason());
        }
        return response.build();
    }
}
