package io.myblog.shared;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The mark a running {@code deploy} puts on the Deployment's own metadata (not the pod template: changing it must not
 * roll pods), and the config watcher reads: until when the watcher holds its restarts, so that one deploy causes one
 * rollout.
 */
public final class DeployInProgressMark {

    public static final String ANNOTATION = "myblog/deploy-in-progress-until";

    private DeployInProgressMark() {
    }

    /** Until when a deploy holds the watcher's restarts, if one does and its mark has not expired. */
    public static Optional<Instant> heldUntil(Deployment deployment, Instant now) {
        var annotations = deployment.getMetadata().getAnnotations();
        var value = annotations == null ? null : annotations.get(ANNOTATION);
        if (value == null) {
            return Optional.empty();
        }
        try {
            var until = Instant.parse(value);
            return until.isAfter(now) ? Optional.of(until) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
