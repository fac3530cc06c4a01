package io.myblog.controller;

import jakarta.enterprise.context.ApplicationScoped;
import io.myblog.shared.ReloadState;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The controller is ready while it watches: a controller RBAC refuses, or one still starting, is not, so {@code deploy}
 * and {@code kubectl get pods} show it. Off in the service (application.properties, health check switches).
 */
@Readiness
@ApplicationScoped
public class WatchReadinessCheck implements HealthCheck {

    private final ConfigReloadService service;

    WatchReadinessCheck(ConfigReloadService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        var state = service.state();
        return HealthCheckResponse.named("config-watch")
                .status(state == ReloadState.WATCHING)
                .withData("state", state.label())
                .withData("leader", service.isLeader())
                .build();
    }
}
