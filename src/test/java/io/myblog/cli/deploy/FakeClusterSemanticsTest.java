package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.myblog.shared.ChangeCause;

/**
 * The fake cluster's semantics that history, logs and diff rely on, each against the documented behaviour of a real
 * cluster: the Deployment controller's change-cause copy and revisions, the log endpoint's parameters, dry-run apply.
 */
class FakeClusterSemanticsTest {

    private static final String NS = FakeControllers.NAMESPACE;
    private static final String CAUSE = ChangeCause.ANNOTATION;

    private final FakeCluster cluster = new FakeCluster();
    private final ApiServerMock api = cluster.api;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void deploymentControllerCopiesTheChangeCauseOntoTheRevisionItRollsOutAndReusesAnOldReplicaSetOnRollback() {
        // Given revision 1 made with cause "first"
        cluster.client.resource(deployment("img:1", "first")).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> causeOf(1).equals(Optional.of("first")));

        // When the template changes with cause "second", then goes back to revision 1's template with cause "back"
        edit("img:2", "second");
        await().atMost(Duration.ofSeconds(10)).until(() -> causeOf(2).equals(Optional.of("second")));
        edit("img:1", "back");

        // Then revision 1's ReplicaSet is reused as revision 3 and carries the new cause; revision 2 keeps its own
        await().atMost(Duration.ofSeconds(10)).until(() -> causeOf(3).equals(Optional.of("back")));
        assertThat(causeOf(1)).isEmpty();
        assertThat(causeOf(2)).contains("second");
        assertThat(cluster.client.apps().replicaSets().inNamespace(NS).list().getItems()).hasSize(2);
    }

    @Test
    void podLogsHonourTailLinesSinceSecondsAndPrevious() {
        var pods = cluster.client.pods().inNamespace(NS);
        cluster.client.resource(new PodBuilder().withNewMetadata().withName("p").withNamespace(NS).endMetadata()
                .withNewSpec().addNewContainer().withName("myblog").withImage("img").endContainer().endSpec().build())
                .create();
        api.logs.write("p", Instant.now().minus(Duration.ofMinutes(20)), "old 1\nold 2");
        api.logs.write("p", "new 1\nnew 2\nnew 3");
        api.logs.writePrevious("p", "crashed");

        var log = pods.withName("p").inContainer("myblog").withReadyWaitTimeout(0);
        assertThat(log.getLog()).isEqualTo("old 1\nold 2\nnew 1\nnew 2\nnew 3\n");
        assertThat(log.tailingLines(2).getLog()).isEqualTo("new 2\nnew 3\n");
        assertThat(log.sinceSeconds(600).getLog()).isEqualTo("new 1\nnew 2\nnew 3\n");
        assertThat(log.sinceSeconds(600).tailingLines(1).getLog()).isEqualTo("new 3\n");
        assertThat(log.terminated().getLog()).isEqualTo("crashed\n");
    }

    @Test
    void previousLogOfAContainerThatNeverEndedIsABadRequest() {
        cluster.client.resource(new PodBuilder().withNewMetadata().withName("q").withNamespace(NS).endMetadata()
                .withNewSpec().addNewContainer().withName("myblog").withImage("img").endContainer().endSpec().build())
                .create();
        api.logs.write("q", "running");

        assertThatThrownBy(() -> cluster.client.pods().inNamespace(NS).withName("q").inContainer("myblog")
                .withReadyWaitTimeout(0).terminated().getLog())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    }

    @Test
    void dryRunApplyAnswersWhatWouldBeStoredAndStoresNothing() {
        var stored = cluster.client.resource(configMap("3306")).create();

        var answered = cluster.client.resource(configMap("3307")).dryRun().fieldManager("myblog").forceConflicts()
                .serverSideApply();
        var created = cluster.client.resource(new ConfigMapBuilder(configMap("1")).editMetadata().withName("other")
                .endMetadata().build()).dryRun().fieldManager("myblog").forceConflicts().serverSideApply();

        assertThat(answered.getData()).containsEntry("MYSQL_PORT", "3307");
        assertThat(created.getData()).containsEntry("MYSQL_PORT", "1");
        var live = cluster.client.configMaps().inNamespace(NS).withName("myblog").get();
        assertThat(live.getData()).containsEntry("MYSQL_PORT", "3306");
        assertThat(live.getMetadata().getResourceVersion()).isEqualTo(stored.getMetadata().getResourceVersion());
        assertThat(cluster.client.configMaps().inNamespace(NS).withName("other").get()).isNull();
        assertThat(api.journal()).isEmpty();
    }

    private Optional<String> causeOf(long revision) {
        return cluster.client.apps().replicaSets().inNamespace(NS).list().getItems().stream()
                .filter(rs -> DesiredState.revisionOf(rs) == revision).findFirst()
                .map(ReplicaSet::getMetadata).map(m -> m.getAnnotations().get(CAUSE));
    }

    private void edit(String image, String cause) {
        cluster.client.apps().deployments().inNamespace(NS).withName("myblog").edit(d -> new DeploymentBuilder(d)
                .editMetadata().addToAnnotations(CAUSE, cause).endMetadata()
                .editSpec().editTemplate().editSpec().editFirstContainer().withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build());
    }

    private static Deployment deployment(String image, String cause) {
        var labels = Map.of("app.kubernetes.io/name", "myblog");
        return new DeploymentBuilder().withNewMetadata().withName("myblog").withNamespace(NS)
                .addToAnnotations(CAUSE, cause).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("myblog").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String port) {
        return new ConfigMapBuilder().withNewMetadata().withName("myblog").withNamespace(NS).endMetadata()
                .addToData("MYSQL_PORT", port).build();
    }
}
