package io.myblog.controller;

import io.myblog.shared.ReloadStatus;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How myblog restarts itself when its ConfigMap or Secret changes (README, "Config reload"). */
@ConfigMapping(prefix = "myblog.reload")
public interface ReloadSettings {

    /** Also the Lease name the generated Role grants (checked by the manifest test). */
    String DEFAULT_LEASE = ReloadStatus.LEASE;

    /**
     * On only in the controller program ({@code myblog controller}, profile {@code controller}): the service never
     * watches, so it never builds a Kubernetes client and needs no API token (#23).
     */
    @WithDefault("false")
    boolean enabled();

    /** The namespace to watch; unset means the pod's own (the client reads the service account's namespace file). */
    Optional<String> namespace();

    /** Name of the Deployment, and of the ConfigMap and Secret it reads. */
    @WithDefault("myblog")
    String name();

    /** Edits closer together than this cause one rollout, started this long after the last edit. */
    @WithDefault("10s")
    Duration debounce();

    /** Edits that keep arriving closer together than the debounce still roll out this long after the first one. */
    @WithDefault("60s")
    Duration maxWait();

    /** The Lease through which the replicas elect the one that patches the Deployment. */
    @WithDefault(DEFAULT_LEASE)
    String leaseName();

    /** This replica's name in the Lease; unset means the pod name (HOSTNAME). */
    Optional<String> identity();

    /** How long a leader's claim lasts without renewal; another replica takes over after that. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** The leader gives up leading when it could not renew for this long. */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often the Lease is tried or renewed. */
    @WithDefault("2s")
    Duration retryPeriod();
}
