package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.myblog.controller.ConfigReloader;
import io.myblog.controller.ReloadMetrics;
import io.myblog.shared.ReloadState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A rollout fails for the right reasons, within one timeout, and one deploy rolls the pods once. */
class DeployRolloutTest {

    private static final String NEXT_IMAGE = "registry.example/myblog:1.1.0";
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final FakeCluster cluster = new FakeCluster();
    private final FakeControllers controllers = cluster.controllers;
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aTransientErrImagePullFollowedBySuccessDoesNotFail() {
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.TRANSIENT_PULL_ERROR);

        var run = cli.deploy("--image", NEXT_IMAGE, "--timeout", "30s");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("deploy complete");
    }

    @Test
    void progressDeadlineExceededFailsWithTheControllersVerdictAndADiagnosis() throws IOException {
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.NEVER_READY);
        var manifests = variant("  replicas: 2\n", "  replicas: 2\n  progressDeadlineSeconds: 1\n");

        var run = cli.run("deploy", "--manifests", manifests.toString(), "--secret-env-file", Cli.SECRET_ENV,
                "--image", NEXT_IMAGE, "--timeout", "120s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.took()).isLessThan(Duration.ofSeconds(60));
        assertThat(run.err()).contains("exceeded its progress deadline (progressDeadlineSeconds 1)",
                "ProgressDeadlineExceeded", "has timed out progressing");
        assertThat(run.out()).contains("Diagnosis of Deployment myblog", "NAME", "READY", "STATUS");
    }

    @Test
    void aFailingDeployWithItsRollbackEndsWithinTheTimeout() {
        assertThat(cli.deploy().exitCode()).isZero();
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.NEVER_READY);
        var timeout = Duration.ofSeconds(5);

        var run = cli.deploy("--image", NEXT_IMAGE, "--timeout", timeout.toSeconds() + "s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("rolling Deployment myblog back to revision 1");
        assertThat(run.took()).isLessThanOrEqualTo(timeout);
    }

    @Test
    void aDeployThatChangesConfigAndImageMakesExactlyOneNewReplicaSet() throws IOException {
        // Given revision 1 running, and the running pods' config watcher leading
        assertThat(cli.deploy().exitCode()).isZero();
        var watcher = new ConfigReloader(cluster.api.newClient(), new ConfigReloader.Options("jds", "myblog", "pod-a",
                Duration.ofMillis(200), Duration.ofSeconds(60), "myblog-config-reload", Duration.ofSeconds(6),
                Duration.ofSeconds(4), Duration.ofMillis(250)), new ReloadMetrics(new SimpleMeterRegistry()));
        try {
            watcher.start();
            await().atMost(BOUND).until(() -> watcher.isLeader() && watcher.state() == ReloadState.WATCHING);
            // MySQL's restart (a new image) keeps deploy waiting, with the new ConfigMap already applied, far longer
            // than the watcher's debounce
            controllers.databaseRestartTakes(Duration.ofSeconds(2));
            var manifests = variant("MYSQL_HOST: mysql\n", "MYSQL_HOST: mysql-0.mysql\n", "image: mysql:8.4\n",
                    "image: mysql:8.4.1\n");

            var run = cli.run("deploy", "--manifests", manifests.toString(), "--secret-env-file", Cli.SECRET_ENV,
                    "--image", NEXT_IMAGE, "--timeout", "60s");

            assertThat(run.exitCode()).as(run.all()).isZero();
            await().during(Duration.ofSeconds(1)).atMost(BOUND).until(() -> replicaSets() == 2);
            assertThat(FakeControllers.images(deployment())).containsExactly(NEXT_IMAGE);
        } finally {
            watcher.close();
        }
    }

    @Test
    void deployLeavesReplicasToAHorizontalPodAutoscaler() {
        // Given revision 1 and an HPA that has scaled it to 5 through the scale subresource
        assertThat(cli.deploy().exitCode()).isZero();
        createAutoscaler();
        patchReplicas(5, "kube-controller-manager");

        var run = cli.deploy("--image", NEXT_IMAGE);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("replicas left to HorizontalPodAutoscaler myblog");
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(5);
    }

    @Test
    void deployHandsReplicasOverToANewAutoscalerWithoutResettingThem() {
        // Given revision 1, whose replicas our apply owns, and an HPA that has not acted yet
        assertThat(cli.deploy().exitCode()).isZero();
        createAutoscaler();

        var run = cli.deploy("--image", NEXT_IMAGE);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
        assertThat(HorizontalScaling.appliedReplicas(deployment())).isFalse();
    }

    private void createAutoscaler() {
        client.resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("myblog").withNamespace("jds")
                .endMetadata().withNewSpec().withMinReplicas(2).withMaxReplicas(10)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("myblog")
                .endScaleTargetRef().endSpec().build()).create();
    }

    private void patchReplicas(int replicas, String manager) {
        client.apps().deployments().inNamespace("jds").withName("myblog").patch(
                new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(manager).build(),
                "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private long replicaSets() {
        return client.apps().replicaSets().inNamespace("jds").list().getItems().size();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("jds").withName("myblog").get();
    }

    /** The fixture manifests with each {@code from} replaced by the following {@code to}. */
    private static Path variant(String... fromTo) throws IOException {
        var text = Files.readString(Path.of(Cli.MANIFESTS));
        for (int i = 0; i < fromTo.length; i += 2) {
            assertThat(text).contains(fromTo[i]);
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        var file = Files.createTempFile("manifests", ".yml");
        Files.writeString(file, text);
        return file;
    }
}
