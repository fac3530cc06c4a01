package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** With the bundled MySQL, deploy dumps the database before each migration, and a failed dump stops the release. */
class DeployBackupTest {

    private static final String NEXT_IMAGE = "registry.example/myblog:1.1.0";
    /** The fixture's MySQL image, which the backup Job runs. */
    private static final String MYSQL_IMAGE = "mysql:8.4";
    private static final String DUMP_FAILURE = "mysqldump: Error: 'Disk full (/backups/.myblog-x.sql.partial)'";

    @AutoClose
    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @Test
    void aNewImageIsBackedUpBeforeItsMigrationAndTheRunningImageIsNot() {
        assertThat(cli.deploy().exitCode()).isZero();
        var appliedBefore = backupsApplied();

        var same = cli.deploy();
        var next = cli.deploy("--image", NEXT_IMAGE);

        assertThat(same.exitCode()).as(same.all()).isZero();
        assertThat(next.exitCode()).as(next.all()).isZero();
        var backup = backupsApplied().get(backupsApplied().size() - 1);
        assertThat(backupsApplied()).hasSize(appliedBefore.size() + 1);
        var migration = MigrationJob.name(NEXT_IMAGE);
        assertThat(cluster.api.journal()).containsSubsequence("apply " + backup, "complete " + backup,
                "apply Job/" + migration, "complete Job/" + migration, "apply Deployment/myblog");
        assertThat(next.out()).containsPattern("Job jds/mysql-backup-\\d{8}t\\d{6}-\\d{3}z complete: backup "
                + "myblog-\\d{8}T\\d{6}\\.\\d{3}Z-schema-5\\.sql written");
    }

    @Test
    void aFailedBackupFailsTheDeployBeforeTheMigrationAndLeavesThePodsServing() {
        assertThat(cli.deploy().exitCode()).isZero();
        var templateBefore = deployment().getSpec().getTemplate();
        cluster.controllers.jobsFail(MYSQL_IMAGE, DUMP_FAILURE + "\n");

        var run = cli.deploy("--image", NEXT_IMAGE);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.ROLLOUT_FAILED);
        assertThat(run.err()).contains("the backup before the schema migration", DUMP_FAILURE,
                "the migrations did not run and Deployment myblog was not changed");
        assertThat(cluster.api.journal()).doesNotContain("apply Job/" + MigrationJob.name(NEXT_IMAGE));
        assertThat(deployment().getSpec().getTemplate()).isEqualTo(templateBefore);
    }

    @Test
    void theBackupReadsOnlyTheAppsAccountFromSecretMyblogAndWritesToItsOwnClaim() {
        var run = cli.deploy("--dry-run");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var backup = planned(run.out()).stream().filter(BackupJob::isBackupJob).map(Job.class::cast).findFirst().orElseThrow();
        var pod = backup.getSpec().getTemplate().getSpec();
        // what the pod could read if someone ran code in it: the account myblog logs in with, never MySQL's root
        assertThat(pod.getContainers().get(0).getEnv()).filteredOn(e -> e.getValueFrom() != null)
                .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(DesiredState.APP))
                .extracting(e -> e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactlyInAnyOrder("MYSQL_USER", "MYSQL_PASSWD", "MYSQL_DATABASE");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                .isEqualTo(BackupJob.CLAIM));
        assertThat(run.err()).containsSubsequence("PersistentVolumeClaim jds/" + BackupJob.CLAIM, "Job jds/"
                + BackupJob.BACKUP_PREFIX, "Job jds/" + MigrationJob.PREFIX, "Deployment jds/myblog");
    }

    @Test
    void withTheCoursesHostPathTheBackupsGoBesideTheDataOnTheSameNode() {
        var run = cli.deploy("--dry-run", "--mysql-host-path", "/opt/mysql/data");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var objects = planned(run.out());
        // that cluster has no provisioner: a claim would stay Pending and the deploy wait for it
        assertThat(objects).noneMatch(o -> BackupJob.CLAIM.equals(o.getMetadata().getName())
                && o.getKind().equals("PersistentVolumeClaim"));
        var server = objects.stream().filter(o -> o.getKind().equals("StatefulSet")).findFirst().orElseThrow();
        var backup = objects.stream().filter(BackupJob::isBackupJob).map(Job.class::cast).findFirst().orElseThrow();
        var pod = backup.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes().get(0).getHostPath().getPath()).isEqualTo("/opt/mysql/backups");
        assertThat(pod.getNodeSelector()).isEqualTo(((io.fabric8.kubernetes.api.model.apps.StatefulSet) server)
                .getSpec().getTemplate().getSpec().getNodeSelector()).isNotEmpty();
    }

    @Test
    void anExternalDatabaseIsNotBackedUpByDeploy() {
        var run = cli.deploy("--dry-run", "--mysql", "external", "--mysql-host", "db.example.internal",
                "--mysql-cidr", "10.0.0.5/32");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(planned(run.out())).noneMatch(BackupJob::isBackupJob)
                .noneMatch(o -> BackupJob.CLAIM.equals(o.getMetadata().getName()));
    }

    private List<String> backupsApplied() {
        return cluster.api.journal().stream().filter(e -> e.startsWith("apply Job/" + BackupJob.BACKUP_PREFIX))
                .map(e -> e.substring("apply ".length())).toList();
    }

    private static List<HasMetadata> planned(String yaml) {
        return Manifests.parse(yaml, "the dry run");
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("jds").withName("myblog").get();
    }
}
