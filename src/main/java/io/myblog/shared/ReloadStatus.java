package io.myblog.shared;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The watcher's state as recorded on the Deployment's own metadata annotations (never the pod template, which would
 * start a rollout), so the {@code status} command can read it from outside the pod.
 *
 * @param state       watching / denied / disabled (disabled also when no watcher ever reported)
 * @param detail      why: the refused verb and resource, or the configuration problem that blocks a restart
 * @param lastRestart when and why the watcher last restarted the pods, or empty
 * @param reporter    the pod that recorded this
 */
public record ReloadStatus(String state, String detail, Optional<String> lastRestart, Optional<String> reporter) {

    /** The Lease through which controller replicas elect the one that patches; undeploy removes it, status reads it. */
    public static final String LEASE = "myblog-config-reload";
    public static final String STATE = "myblog/reload-state";
    public static final String DETAIL = "myblog/reload-detail";
    public static final String LAST_RESTART = "myblog/reload-last-restart";
    public static final String REPORTER = "myblog/reload-reporter";

    public static final String NOT_REPORTED = "no watcher has reported: disabled, or not yet started";

    /** Pure: the status carried by this Deployment's annotations. */
    public static ReloadStatus of(Deployment deployment) {
        Map<String, String> annotations = Optional.ofNullable(deployment.getMetadata().getAnnotations()).orElse(Map.of());
        var state = annotations.get(STATE);
        if (state == null) {
            return new ReloadStatus(ReloadState.DISABLED.label(), NOT_REPORTED, Optional.ofNullable(annotations.get(LAST_RESTART)),
                    Optional.empty());
        }
        return new ReloadStatus(state, annotations.getOrDefault(DETAIL, ""),
                Optional.ofNullable(annotations.get(LAST_RESTART)), Optional.ofNullable(annotations.get(REPORTER)));
    }

    /** One line for the {@code status} command. */
    public String summary() {
        var line = new StringBuilder("config reload: ").append(state);
        if (!detail.isEmpty()) {
            line.append(" (").append(detail).append(')');
        }
        reporter.ifPresent(pod -> line.append(", reported by ").append(pod));
        line.append("; last restart: ").append(lastRestart.orElse("none"));
        return line.toString();
    }

    /** The annotations that record a state; the last restart is added separately, with the restart itself. */
    public static Map<String, String> annotations(ReloadState state, String detail, String reporter) {
        var annotations = new LinkedHashMap<String, String>();
        annotations.put(STATE, state.label());
        annotations.put(DETAIL, detail);
        annotations.put(REPORTER, reporter);
        return annotations;
    }
}
