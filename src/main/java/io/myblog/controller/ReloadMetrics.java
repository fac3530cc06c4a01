package io.myblog.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import io.myblog.shared.ReloadState;

/**
 * {@code myblog_config_reload_state{state=...}} is 1 for the current state and 0 for the others;
 * {@code myblog_config_reload_restarts_total}, {@code ..._blocked_total} and {@code ..._denied_total} count restarts,
 * restarts held back by a broken configuration, and RBAC refusals.
 */
public final class ReloadMetrics {

    private final AtomicReference<ReloadState> state = new AtomicReference<>(ReloadState.DISABLED);
    private final Counter restarts;
    private final Counter blocked;
    private final Counter denied;

    public ReloadMetrics(MeterRegistry registry) {
        // Micrometer's global registry outlives a restart in the same JVM (dev-mode reload, tests) and would ignore
        // these registrations, leaving the gauges bound to the previous instance's state.
        for (var name : new String[] {"myblog.config.reload.state", "myblog.config.reload.restarts",
                "myblog.config.reload.blocked", "myblog.config.reload.denied"}) {
            registry.find(name).meters().forEach(registry::remove);
        }
        for (var each : ReloadState.values()) {
            Gauge.builder("myblog.config.reload.state", state, current -> current.get() == each ? 1 : 0)
                    .description("1 for the config watcher's current state")
                    .tag("state", each.label())
                    .register(registry);
        }
        restarts = Counter.builder("myblog.config.reload.restarts")
                .description("Rollouts started because the consumed ConfigMap or Secret data changed").register(registry);
        blocked = Counter.builder("myblog.config.reload.blocked")
                .description("Rollouts held back because a consumed key or object was missing").register(registry);
        denied = Counter.builder("myblog.config.reload.denied")
                .description("Kubernetes API calls of the config watcher refused by RBAC").register(registry);
    }

    public ReloadState state() {
        return state.get();
    }

    void state(ReloadState next) {
        state.set(next);
    }

    void restarted() {
        restarts.increment();
    }

    void blocked() {
        blocked.increment();
    }

    void denied() {
        denied.increment();
    }
}
