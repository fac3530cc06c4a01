package io.myblog.shared;

import java.util.Locale;

/** Where the config watcher stands, as the metric and the {@code status} command show it. */
public enum ReloadState {
    /** Turned off by config, or not running inside Kubernetes. */
    DISABLED,
    /** Informers and leader election are starting. */
    STARTING,
    /** Watching the ConfigMap and the Secret. */
    WATCHING,
    /** RBAC refused a watch, a read or the patch: nothing restarts until the Role allows it. */
    DENIED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
