package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** deploy runs the release's migrations as a Job before the rollout, and a failed one leaves the old pods serving. */
class DeployMigrationTest {

    private static final String FIRST_IMAGE = "registry.example/myblog:1.0.0";
    private static final String NEXT_IMAGE = "registry.example/myblog:1.1.0";
    /** Long enough for the next deploy to find the Job still running on a loaded build machine. */
    private static final Duration MIGRATION_RUNS = Duration.ofSeconds(5);
    private static final String MIGRATION_FAILURE = "myblog migrate: schema migration failed: Migration "
            + "V6__article_tags.sql failed (Table 'myblog.tag' doesn't exist)";

    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aFirstDeployCompletesTheMigrationJobBeforeApplyingTheDeployment() {
        var run = cli.deploy();

        assertThat(run.exitCode()).as(run.all()).isZero();
        var job = MigrationJob.name(FIRST_IMAGE);
        assertThat(cluster.api.journal()).containsSubsequence("apply Job/" + job, "complete Job/" + job,
                "apply Deployment/myblog");
        assertThat(run.out()).contains("Job jds/" + job + " complete");
        assertThat(job(FIRST_IMAGE).getSpec().getActiveDeadlineSeconds()).isPositive().isLessThanOrEqualTo(60); // Cli's --timeout
    }

    @Test
    void aFailedMigrationFailsTheDeployWithItsReasonAndLeavesTheOldPodsServing() {
        // Given revision 1 serving
        assertThat(cli.deploy().exitCode()).isZero();
        var templateBefore = deployment().getSpec().getTemplate();
        var podsBefore = podNames();
        cluster.controllers.jobsFail(NEXT_IMAGE, "Flyway 12 by Redgate\n" + MIGRATION_FAILURE + "\n");

        // When the next release's migration fails
        var run = cli.deploy("--image", NEXT_IMAGE);

        // Then the deploy fails with the migration's reason, and nothing of the app changed
        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.ROLLOUT_FAILED);
        assertThat(run.err()).contains("the schema migration Job " + MigrationJob.name(NEXT_IMAGE) + " failed",
                "BackoffLimitExceeded", MIGRATION_FAILURE, "Deployment myblog was not changed");
        assertThat(run.out()).contains("  | " + MIGRATION_FAILURE);
        assertThat(cluster.api.journal()).doesNotContainSubsequence("failed Job/" + MigrationJob.name(NEXT_IMAGE),
                "apply Deployment/myblog");
        assertThat(deployment().getSpec().getTemplate()).isEqualTo(templateBefore);
        assertThat(DesiredState.revisionOf(deployment())).isEqualTo(1);
        assertThat(client.apps().replicaSets().inNamespace("jds").list().getItems()).hasSize(1);
        assertThat(podNames()).isEqualTo(podsBefore);
    }

    @Test
    void aDeployOfTheRunningImageRunsNoJobAndANewImageRunsItsOwn() {
        assertThat(cli.deploy().exitCode()).isZero();

        var same = cli.deploy();
        var next = cli.deploy("--image", NEXT_IMAGE);

        assertThat(same.exitCode()).as(same.all()).isZero();
        assertThat(same.out()).contains("not needed: the running pods already have image " + FIRST_IMAGE);
        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(jobs()).filteredOn(MigrationJob::isMigrationJob).extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder(MigrationJob.name(FIRST_IMAGE), MigrationJob.name(NEXT_IMAGE));
        assertThat(cluster.api.journal().stream().filter(e -> e.startsWith("apply Job/" + MigrationJob.PREFIX)).count())
                .isEqualTo(2);
    }

    @Test
    void aDeployAfterAFailedMigrationRunsItInANewJob() {
        // Given the next release's migration failed once, and the database was then repaired
        assertThat(cli.deploy().exitCode()).isZero();
        cluster.controllers.jobsFail(NEXT_IMAGE, MIGRATION_FAILURE + "\n");
        assertThat(cli.deploy("--image", NEXT_IMAGE).exitCode()).isEqualTo(DeployFailure.ROLLOUT_FAILED);
        var failedUid = job(NEXT_IMAGE).getMetadata().getUid();
        cluster.controllers.jobsFail(NEXT_IMAGE, null);

        var run = cli.deploy("--image", NEXT_IMAGE);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("of an earlier failed attempt deleted");
        assertThat(job(NEXT_IMAGE).getMetadata().getUid()).isNotEqualTo(failedUid);
        assertThat(FakeControllers.images(deployment())).containsExactly(NEXT_IMAGE);
    }

    @Test
    void aDeployWhileAnEarlierAttemptsJobStillRunsWaitsForItInsteadOfPatchingItsImmutableTemplate() throws Exception {
        // Given revision 1 serving, and a deploy of the next release stopped while its migration Job runs
        assertThat(cli.deploy().exitCode()).isZero();
        cluster.controllers.migrationTakes(MIGRATION_RUNS);
        var stopped = new Thread(() -> cli.deploy("--image", NEXT_IMAGE));
        stopped.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> job(NEXT_IMAGE) != null);
        stopped.interrupt();
        stopped.join(Duration.ofSeconds(10).toMillis());
        var running = job(NEXT_IMAGE);
        assertThat(MigrationJob.finished(running)).isEmpty();

        // When the same image is deployed with another pod template (an env var added to the app's container)
        var run = cli.run("deploy", "--manifests", withEnv("JAVA_TOOL_OPTIONS", "-Xss512k").toString(),
                "--secret-env-file", Cli.SECRET_ENV, "--image", NEXT_IMAGE, "--timeout", "60s");

        // Then it waits for the running Job, whose template stays as it was (a real API server refuses a change), and rolls
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Job jds/" + MigrationJob.name(NEXT_IMAGE) + " of an earlier attempt is still running");
        assertThat(job(NEXT_IMAGE).getMetadata().getUid()).isEqualTo(running.getMetadata().getUid());
        assertThat(job(NEXT_IMAGE).getSpec().getTemplate()).isEqualTo(running.getSpec().getTemplate());
        assertThat(FakeControllers.images(deployment())).containsExactly(NEXT_IMAGE);
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anyMatch(env -> env.getName().equals("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void theDryRunShowsTheJobBeforeTheDeployment() {
        var run = cli.deploy("--dry-run");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var job = "Job jds/" + MigrationJob.name(FIRST_IMAGE);
        assertThat(run.err()).containsSubsequence(job, "Deployment jds/myblog");
        assertThat(run.out()).contains("kind: \"Job\"", "- \"migrate\"", "backoffLimit: 0");
    }

    /** The fixture manifests with an env var in the app's container. */
    private static Path withEnv(String name, String value) throws IOException {
        var text = Files.readString(Path.of(Cli.MANIFESTS));
        var ports = "          ports:\n            - containerPort: 8002\n";
        assertThat(text).contains(ports);
        var file = Files.createTempFile("manifests", ".yml");
        Files.writeString(file, text.replace(ports, ports + "          env:\n            - name: " + name
                + "\n              value: \"" + value + "\"\n"));
        return file;
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("jds").withName("myblog").get();
    }

    private List<String> podNames() {
        return client.pods().inNamespace("jds").withLabel("app.kubernetes.io/name", "myblog").list().getItems().stream()
                .map(p -> p.getMetadata().getName()).sorted().toList();
    }

    private List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace("jds").list().getItems();
    }

    private Job job(String image) {
        return client.batch().v1().jobs().inNamespace("jds").withName(MigrationJob.name(image)).get();
    }
}
