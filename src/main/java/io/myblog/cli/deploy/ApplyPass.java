package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.myblog.shared.ChangeCause;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One deploy's pass over its plan ({@link ApplyStep}): what the steps use and what they leave for the next one. */
final class ApplyPass {

    /** What the cluster held when the deploy began, and the deploy's time. */
    record Start(Optional<Deployment> app, Optional<Deployment> controller,
            Optional<HorizontalPodAutoscaler> autoscaler, Instant deadline, Duration timeout) {
    }

    /** The collaborators every pass uses, made once per command. */
    record Tools(Cluster cluster, Console console, Applier applier, ConfigSnapshots snapshots,
            MigrationRunner migrations, RevisionCauses causes) {
    }

    private final Tools tools;
    private final Start start;
    private Optional<Job> backup = Optional.empty();
    private boolean appliedApp;

    ApplyPass(Tools tools, Start start) {
        this.tools = tools;
        this.start = start;
    }

    Start start() {
        return start;
    }

    Cluster cluster() {
        return tools.cluster();
    }

    Console console() {
        return tools.console();
    }

    ConfigSnapshots snapshots() {
        return tools.snapshots();
    }

    MigrationRunner migrations() {
        return tools.migrations();
    }

    void holdBackup(Job job) {
        backup = Optional.of(job);
    }

    Optional<Job> backup() {
        return backup;
    }

    void appliedApp() {
        appliedApp = true;
    }

    /** Whether this pass applied the app's Deployment, i.e. whether there is a rollout to follow. */
    boolean hasApp() {
        return appliedApp;
    }

    Applier.Applied apply(HasMetadata object) {
        var applied = tools.applier().apply(object);
        tools.console().line(DesiredState.describe(object) + " " + applied.change());
        return applied;
    }

    /** Applies a Deployment and records {@link ChangeCause#DEPLOY} when that started a revision since {@code before}. */
    void applyRecordingCause(Deployment deployment, Optional<Deployment> before) {
        if (apply(deployment).live() instanceof Deployment rolled) {
            tools.causes().recordIfRolled(before, rolled, ChangeCause.DEPLOY);
        }
    }
}
