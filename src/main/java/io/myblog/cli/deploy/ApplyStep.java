package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.myblog.cli.deploy.shape.ControllerNames;

/**
 * How deploy applies one object of its plan. Most are applied as they are; each exception is a step of its own, so
 * that deploy's loop runs one step per object, in the plan's order, with no special case.
 */
sealed interface ApplyStep {

    /** The step for {@code object}, chosen without calling the cluster. */
    static ApplyStep of(HasMetadata object) {
        if (ConfigSnapshots.isSnapshot(object)) {
            return new Snapshot(object);
        }
        if (BackupJob.isBackupJob(object)) {
            return new HoldBackup((Job) object);
        }
        if (MigrationJob.isMigrationJob(object)) {
            return new Migrate((Job) object);
        }
        if (isDeployment(object, DesiredState.APP)) {
            return new App((Deployment) object);
        }
        if (isDeployment(object, ControllerNames.NAME)) {
            return new Controller((Deployment) object);
        }
        return new Plain(object);
    }

    void run(ApplyPass pass);

    /** A config snapshot is created once and never changed; {@link ConfigSnapshots#ensure} says which happened. */
    record Snapshot(HasMetadata object) implements ApplyStep {
        @Override
        public void run(ApplyPass pass) {
            pass.console().line(DesiredState.describe(object) + " " + pass.snapshots().ensure(object));
        }
    }

    /** The backup Job runs only when the migration it precedes does, so it is held for that one. */
    record HoldBackup(Job job) implements ApplyStep {
        @Override
        public void run(ApplyPass pass) {
            pass.holdBackup(job);
        }
    }

    /** Before the app's Deployment, which stays as it is when the migrations fail. */
    record Migrate(Job job) implements ApplyStep {
        @Override
        public void run(ApplyPass pass) {
            pass.migrations().runBefore(job, pass.backup(), pass.start().app(), pass.start().deadline(),
                    pass.start().timeout());
        }
    }

    /** The app's Deployment: its replicas left to the HPA the deploy found or applies, a new revision's cause recorded. */
    record App(Deployment deployment) implements ApplyStep {
        @Override
        public void run(ApplyPass pass) {
            var start = pass.start();
            var desired = start.autoscaler().map(hpa -> HorizontalScaling.leaveReplicasTo(hpa, deployment, start.app(),
                    pass.cluster(), pass.console())).orElse(deployment);
            pass.applyRecordingCause(desired, start.app());
            pass.appliedApp();
        }
    }

    /** The controller's Deployment: a new revision records its cause, as the app's does. */
    record Controller(Deployment deployment) implements ApplyStep {
        @Override
        public void run(ApplyPass pass) {
            pass.applyRecordingCause(deployment, pass.start().controller());
        }
    }

    /** Everything else: applied as planned. */
    record Plain(HasMetadata object) implements ApplyStep {
        @Override
        public void run(ApplyPass pass) {
            pass.apply(object);
        }
    }

    private static boolean isDeployment(HasMetadata object, String name) {
        return object instanceof Deployment && object.getMetadata().getName().equals(name);
    }
}
