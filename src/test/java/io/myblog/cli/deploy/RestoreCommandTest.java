package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code myblog restore}: the app stops, the dump is loaded, the app starts again; refused when it cannot fit. */
class RestoreCommandTest {

    /** The fixture's MySQL image, which the restore Job runs. */
    private static final String MYSQL_IMAGE = "mysql:8.4";
    private static final int SCHEMA = SchemaCatalog.packaged().newest();
    private static final String BACKUP = "myblog-20261208T021500.000Z-schema-" + SCHEMA + ".sql";

    @AutoClose
    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @Test
    void theAppStopsForTheLoadAndStartsAgainWithItsReplicas() {
        assertThat(cli.deploy().exitCode()).isZero();
        int replicas = deployment().getSpec().getReplicas();

        var run = cli.run("restore", BACKUP);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(cluster.api.journal()).anySatisfy(e -> assertThat(e).startsWith("restore Job/" + BackupJob.RESTORE_PREFIX)
                .endsWith("ran with 0 app pod(s)"));
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(replicas);
        assertThat(deployment().getStatus().getReadyReplicas()).isEqualTo(replicas);
        assertThat(deployment().getMetadata().getAnnotations()).containsEntry(RollbackSchema.DATABASE_VERSION,
                String.valueOf(SCHEMA));
        assertThat(run.out()).contains("restored " + BACKUP + " into database myblog", "restore complete");
    }

    @Test
    void aBackupOfAnotherSchemaThanTheRunningCodesIsRefusedUnlessForced() {
        assertThat(cli.deploy().exitCode()).isZero();
        var older = "myblog-20261201T120000.000Z-schema-" + (SCHEMA - 1) + ".sql";

        var refused = cli.run("restore", older);
        var forced = cli.run("restore", older, "--force");

        assertThat(refused.exitCode()).isEqualTo(DeployFailure.ROLLOUT_FAILED);
        assertThat(refused.err()).contains("restore refused", "holds schema version " + (SCHEMA - 1),
                "written for version " + SCHEMA, "nothing was changed", "--force");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(cluster.api.journal().stream().filter(e -> e.startsWith("apply Job/" + BackupJob.RESTORE_PREFIX)))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../var/lib/mysql/ibdata1", "myblog-20261208T021500.000Z-schema-5.sql; rm -rf /backups",
            "myblog-20261208T021500.000Z-schema-5.sql\nDROP DATABASE myblog", "/backups/myblog-20261208T021500.000Z-schema-5.sql"})
    void aNameThatIsNotABackupsIsRefusedBeforeAnythingChanges(String hostile) {
        assertThat(cli.deploy().exitCode()).isZero();
        int replicas = deployment().getSpec().getReplicas();
        var journal = cluster.api.journal().size();

        var run = cli.run("restore", hostile);

        assertThat(run.exitCode()).isEqualTo(DeployFailure.BAD_INPUT);
        assertThat(run.err()).contains("is not the name of a backup");
        assertThat(cluster.api.journal().subList(journal, cluster.api.journal().size()))
                .noneMatch(e -> e.startsWith("apply "));
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(replicas);
    }

    @Test
    void aFailedLoadLeavesTheAppStoppedAndSaysHowToStartIt() {
        assertThat(cli.deploy().exitCode()).isZero();
        int replicas = deployment().getSpec().getReplicas();
        cluster.controllers.jobsFail(MYSQL_IMAGE, "ERROR 1062 (23000) at line 412: Duplicate entry '1' for key 'PRIMARY'\n");

        var run = cli.run("restore", BACKUP);

        assertThat(run.exitCode()).isEqualTo(DeployFailure.ROLLOUT_FAILED);
        assertThat(run.err()).contains("restore failed", "Duplicate entry", "stays at 0 replicas",
                "kubectl -n jds scale deployment/myblog --replicas=" + replicas);
        assertThat(deployment().getSpec().getReplicas()).isZero();
    }

    @Test
    void withoutTheBundledMysqlThereIsNothingToRestoreInto() {
        var run = cli.run("restore", BACKUP);

        assertThat(run.exitCode()).isEqualTo(DeployFailure.BAD_INPUT);
        assertThat(run.err()).contains("StatefulSet mysql does not exist in namespace jds");
        assertThat(client.batch().v1().jobs().inNamespace("jds").list().getItems()).isEmpty();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("jds").withName("myblog").get();
    }
}
