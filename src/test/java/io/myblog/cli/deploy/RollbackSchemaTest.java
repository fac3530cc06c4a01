package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * rollback refuses to return to code older than the database across a migration not marked compatible with older
 * code, unless --force. The marks are this release's (db/migrations.txt): V4 (drafts) is not, V5 is.
 */
class RollbackSchemaTest {

    private static final String OLDER_IMAGE = "registry.example/myblog:0.9.0";
    private static final String OLDER_PATCH_IMAGE = "registry.example/myblog:0.9.1";
    private static final String IMAGE = "registry.example/myblog:1.0.0";
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void refusesAcrossAnIncompatibleMigrationAndChangesNothing() {
        givenAnOlderReleaseThenThisOne(3);
        var templateBefore = deployment().getSpec().getTemplate();

        var run = cli.run("rollback");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.ROLLOUT_FAILED);
        assertThat(run.err()).contains("rollback refused: the database is at schema version "
                + SchemaCatalog.packaged().newest(), "revision 1 was written for version 3", "V4", "--force");
        assertThat(run.err()).doesNotContain("V5");
        assertThat(deployment().getSpec().getTemplate()).isEqualTo(templateBefore);
        assertThat(DesiredState.revisionOf(deployment())).isEqualTo(2);
    }

    @Test
    void allowsAcrossCompatibleMigrationsOnly() {
        givenAnOlderReleaseThenThisOne(4);

        var run = cli.run("rollback");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(FakeControllers.images(deployment())).containsExactly(OLDER_IMAGE);
    }

    @Test
    void forceRollsBackAcrossAnIncompatibleMigration() {
        givenAnOlderReleaseThenThisOne(3);

        var run = cli.run("rollback", "--force");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("rollback complete");
        assertThat(FakeControllers.images(deployment())).containsExactly(OLDER_IMAGE);
    }

    @Test
    void theDatabaseVersionRecordedByTheMigrationJobCountsWhenNoKeptRevisionCarriesIt() {
        // Given this release migrated the database, then a forced rollback to the older code, and this release's
        // ReplicaSet pruned (as revisionHistoryLimit does)
        givenAnOlderReleaseThenThisOne(3);
        assertThat(deployment().getMetadata().getAnnotations())
                .containsEntry(RollbackSchema.DATABASE_VERSION, String.valueOf(SchemaCatalog.packaged().newest()));
        assertThat(cli.run("rollback", "--force").exitCode()).isZero();
        client.apps().replicaSets().inNamespace("jds").list().getItems().stream()
                .filter(rs -> rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().equals(IMAGE))
                .forEach(rs -> client.resource(rs).delete());
        applyOlderRelease(OLDER_PATCH_IMAGE, 3);
        await().atMost(BOUND).until(() -> DesiredState.revisionOf(deployment()) == 4);

        // When rolling back from one older revision to the other
        var run = cli.run("rollback");

        // Then the database is still known to be ahead of both
        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.ROLLOUT_FAILED);
        assertThat(run.err()).contains("rollback refused: the database is at schema version "
                + SchemaCatalog.packaged().newest(), "V4");
    }

    /**
     * Revision 1: an older release, whose newest migration is {@code olderSchema}, applied as its own deploy would;
     * revision 2: this release's deploy, whose Job migrates the database to this release's newest.
     */
    private void givenAnOlderReleaseThenThisOne(int olderSchema) {
        applyOlderRelease(OLDER_IMAGE, olderSchema);
        await().atMost(BOUND).until(() -> DesiredState.revisionOf(deployment()) == 1);
        var run = cli.deploy("--image", IMAGE);
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(DesiredState.revisionOf(deployment())).isEqualTo(2);
    }

    /** The fixture's Deployment with {@code image}, applied as an older release's deploy did: no Job, its schema stamped. */
    private void applyOlderRelease(String image, int schema) {
        var older = Serialization.clone(Manifests.read(Path.of(Cli.MANIFESTS)).stream()
                .filter(o -> o instanceof Deployment).map(Deployment.class::cast).findFirst().orElseThrow());
        older.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        older.getSpec().getTemplate().getMetadata().setAnnotations(Map.of(MigrationJob.SCHEMA_VERSION,
                String.valueOf(schema)));
        client.resource(older).fieldManager(Applier.FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("jds").withName("myblog").get();
    }
}
