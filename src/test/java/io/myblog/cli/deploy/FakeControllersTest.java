package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake controllers earn trust: the Deployment controller semantics the deploy path relies on, as documented in
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/.
 */
class FakeControllersTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClient client = cluster.client;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void oneReplicaSetPerTemplateChangeAndNoneForAScaleOrAMetadataChange() {
        apply(deployment("myblog:1", 2));
        await().atMost(BOUND).until(() -> replicaSets() == 1 && complete());

        scale(3);
        client.apps().deployments().inNamespace("jds").withName("myblog").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"note\":\"x\"}}}");
        await().atMost(BOUND).until(this::complete);
        assertThat(replicaSets()).isEqualTo(1);

        apply(deployment("myblog:2", 3));
        await().atMost(BOUND).until(() -> replicaSets() == 2 && complete());
        assertThat(DesiredState.revisionOf(live())).isEqualTo(2);
    }

    @Test
    void observedGenerationCatchesUpWithTheGeneration() {
        apply(deployment("myblog:1", 2));
        apply(deployment("myblog:2", 2));

        await().atMost(BOUND).until(() -> live().getStatus() != null
                && live().getMetadata().getGeneration().equals(live().getStatus().getObservedGeneration()));
        assertThat(live().getMetadata().getGeneration()).isEqualTo(2);
    }

    @Test
    void progressingTurnsFalseWithProgressDeadlineExceededOnlyAfterTheDeadlineWithoutProgress() {
        cluster.controllers.behave("myblog:stuck", FakeControllers.Behaviour.NEVER_READY);
        var stuck = deployment("myblog:stuck", 2);
        stuck.getSpec().setProgressDeadlineSeconds(1);

        apply(stuck);

        await().atMost(BOUND).until(() -> progressing().map(c -> "ReplicaSetUpdated".equals(c.getReason())).orElse(false));
        assertThat(progressing().get().getStatus()).isEqualTo("True");
        await().atMost(BOUND).until(() -> progressing().map(c -> "ProgressDeadlineExceeded".equals(c.getReason())).orElse(false));
        assertThat(progressing().get().getStatus()).isEqualTo("False");
    }

    @Test
    void aCompleteRolloutReportsNewReplicaSetAvailable() {
        apply(deployment("myblog:1", 2));

        await().atMost(BOUND).until(() -> progressing().map(c -> "NewReplicaSetAvailable".equals(c.getReason())).orElse(false));
    }

    @Test
    void aCompleteRolloutDeletesTheOldReplicaSetsBeyondTheRevisionHistoryLimitOldestFirst() {
        for (int version = 1; version <= 4; version++) {
            var deployment = deployment("myblog:" + version, 1);
            deployment.getSpec().setRevisionHistoryLimit(2);
            apply(deployment);
            int revision = version;
            await().atMost(BOUND).until(() -> DesiredState.revisionOf(live()) == revision && complete());
        }

        await().atMost(BOUND).until(() -> replicaSets() == 3);
        assertThat(client.apps().replicaSets().inNamespace("jds").list().getItems())
                .extracting(rs -> rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .containsExactlyInAnyOrder("myblog:2", "myblog:3", "myblog:4");
    }

    @Test
    void aJobWhosePodSucceedsGetsSuccessCriteriaMetThenComplete() {
        var job = MigrationJob.desired(deployment("myblog:1", 2));

        client.resource(job).create();

        await().atMost(BOUND).until(() -> MigrationJob.finished(job(job)).isPresent());
        assertThat(conditions(job)).containsExactly("SuccessCriteriaMet=True", "Complete=True");
        assertThat(jobPods(job)).singleElement().satisfies(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded"));
    }

    @Test
    void aJobWhosePodFailsGetsFailureTargetThenFailedWithTheLogTailAsTerminationMessage() {
        cluster.controllers.jobsFail("myblog:broken", "myblog migrate: schema migration failed: V6 broke\n");
        var job = MigrationJob.desired(deployment("myblog:broken", 2));

        client.resource(job).create();

        await().atMost(BOUND).until(() -> MigrationJob.finished(job(job)).isPresent());
        assertThat(conditions(job)).containsExactly("FailureTarget=True", "Failed=True");
        assertThat(MigrationJob.failure(job(job))).startsWith("BackoffLimitExceeded");
        var pod = jobPods(job).get(0);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage())
                .contains("V6 broke");
        assertThat(client.pods().inNamespace("jds").withName(pod.getMetadata().getName()).getLog()).contains("V6 broke");
    }

    @Test
    void aFinishedJobIsNotRunAgain() {
        var job = MigrationJob.desired(deployment("myblog:1", 2));
        client.resource(job).create();
        await().atMost(BOUND).until(() -> MigrationJob.finished(job(job)).isPresent());

        cluster.controllers.jobsFail("myblog:1", "too late\n");
        cluster.controllers.reconcileOnce();

        assertThat(MigrationJob.finished(job(job))).contains(true);
        assertThat(jobPods(job)).hasSize(1);
    }

    private io.fabric8.kubernetes.api.model.batch.v1.Job job(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
        return client.batch().v1().jobs().inNamespace("jds").withName(job.getMetadata().getName()).get();
    }

    private java.util.List<String> conditions(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
        return job(job).getStatus().getConditions().stream().map(c -> c.getType() + "=" + c.getStatus()).toList();
    }

    private java.util.List<io.fabric8.kubernetes.api.model.Pod> jobPods(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
        return client.pods().inNamespace("jds").withLabel(JobRun.JOB_NAME_LABEL, job.getMetadata().getName())
                .list().getItems();
    }

    private Optional<DeploymentCondition> progressing() {
        var status = live().getStatus();
        return status == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> "Progressing".equals(c.getType())).findFirst();
    }

    private boolean complete() {
        var deployment = live();
        var status = deployment.getStatus();
        return status != null && deployment.getMetadata().getGeneration().equals(status.getObservedGeneration())
                && deployment.getSpec().getReplicas().equals(status.getReadyReplicas())
                && deployment.getSpec().getReplicas().equals(status.getUpdatedReplicas());
    }

    private long replicaSets() {
        return client.apps().replicaSets().inNamespace("jds").list().getItems().size();
    }

    private void scale(int replicas) {
        client.apps().deployments().inNamespace("jds").withName("myblog").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private void apply(Deployment deployment) {
        client.resource(deployment).fieldManager("test").forceConflicts().serverSideApply();
    }

    private Deployment live() {
        return client.apps().deployments().inNamespace("jds").withName("myblog").get();
    }

    private static Deployment deployment(String image, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("myblog").withNamespace("jds").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "myblog").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "myblog").endMetadata()
                .withNewSpec().addNewContainer().withName("myblog").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
