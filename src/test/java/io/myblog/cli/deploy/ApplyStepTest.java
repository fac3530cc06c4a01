package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.myblog.cli.deploy.shape.ControllerNames;
import io.myblog.shared.ConfigSnapshot;
import org.junit.jupiter.api.Test;

/** Which step deploy takes for each planned object is decided from the object alone, without the cluster. */
class ApplyStepTest {

    private static final String RUN = "20261208-0300";

    @Test
    void snapshotsAreEnsuredAndTheirSourcesApplied() {
        var configMap = new ConfigMapBuilder().withNewMetadata().withName(DesiredState.APP).endMetadata().build();
        var secret = new SecretBuilder().withNewMetadata().withName(DesiredState.APP).endMetadata().build();

        assertThat(ApplyStep.of(ConfigSnapshot.of(configMap))).isInstanceOf(ApplyStep.Snapshot.class);
        assertThat(ApplyStep.of(ConfigSnapshot.of(secret))).isInstanceOf(ApplyStep.Snapshot.class);
        assertThat(ApplyStep.of(configMap)).isInstanceOf(ApplyStep.Plain.class);
        assertThat(ApplyStep.of(secret)).isInstanceOf(ApplyStep.Plain.class);
    }

    @Test
    void theBackupJobIsHeldAndTheMigrationJobRunOtherJobsApplied() {
        assertThat(ApplyStep.of(job(BackupJob.BACKUP_PREFIX + RUN))).isInstanceOf(ApplyStep.HoldBackup.class);
        assertThat(ApplyStep.of(job(MigrationJob.PREFIX + RUN))).isInstanceOf(ApplyStep.Migrate.class);
        assertThat(ApplyStep.of(job("nightly-report"))).isInstanceOf(ApplyStep.Plain.class);
    }

    @Test
    void theAppAndTheControllerRecordTheirCauseOtherDeploymentsAreApplied() {
        assertThat(ApplyStep.of(deployment(DesiredState.APP))).isInstanceOf(ApplyStep.App.class);
        assertThat(ApplyStep.of(deployment(ControllerNames.NAME))).isInstanceOf(ApplyStep.Controller.class);
        assertThat(ApplyStep.of(deployment("sidecar-proxy"))).isInstanceOf(ApplyStep.Plain.class);
    }

    private static Job job(String name) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().build();
    }
}
