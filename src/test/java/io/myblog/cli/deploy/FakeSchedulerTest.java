package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.cli.deploy.shape.StackShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake scheduler and PersistentVolume controller say what the real ones say (kube-scheduler's NodeAffinity and
 * VolumeBinding plugins, the PV controller's FailedBinding event, a Normal event), so deploy is tested against them.
 */
class FakeSchedulerTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void podWhoseNodeSelectorNoNodeCarriesStaysPendingInTheSchedulersWords() {
        var mysql = StackShape.withStorage(fixtureMysql(), new StackShape.MysqlStorage(java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.of("/opt/mysql/data"), Map.of("component", "mysql")));

        cluster.client.resource(mysql).create();

        await().atMost(BOUND).untilAsserted(() -> assertThat(scheduledCondition().getMessage()).isEqualTo(
                "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes "
                        + "are available: 1 Preemption is not helpful for scheduling."));
        assertThat(scheduledCondition().getReason()).isEqualTo("Unschedulable");
        assertThat(scheduledCondition().getStatus()).isEqualTo("False");
    }

    @Test
    void claimNoClassCanProvisionStaysPendingWithTheVolumeControllersEvent() {
        cluster.controllers.provisioning(FakeControllers.Provisioning.NONE, Duration.ZERO);

        cluster.client.resource(fixtureMysql()).create();

        await().atMost(BOUND).untilAsserted(() -> assertThat(scheduledCondition().getMessage())
                .startsWith("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims."));
        assertThat(cluster.client.persistentVolumeClaims().inNamespace("jds").withName("data-mysql-0").get()
                .getStatus().getPhase()).isEqualTo("Pending");
        assertThat(cluster.client.v1().events().inNamespace("jds").list().getItems()).anySatisfy(event -> {
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("PersistentVolumeClaim");
            assertThat(event.getType()).isEqualTo("Normal");
            assertThat(event.getReason()).isEqualTo("FailedBinding");
            assertThat(event.getMessage())
                    .isEqualTo("no persistent volumes available for this claim and no storage class is set");
        });
    }

    @Test
    void labelledNodeAndBoundClaimLetThePodRun() {
        cluster.controllers.nodes(List.of(Map.of("component", "mysql")));

        cluster.client.resource(fixtureMysql()).create();

        await().atMost(BOUND).untilAsserted(() -> assertThat(cluster.client.apps().statefulSets().inNamespace("jds")
                .withName("mysql").get().getStatus()).isNotNull().satisfies(s -> assertThat(s.getReadyReplicas())
                .isEqualTo(1)));
    }

    private io.fabric8.kubernetes.api.model.PodCondition scheduledCondition() {
        var pod = cluster.client.pods().inNamespace("jds").withName("mysql-0").get();
        assertThat(pod).isNotNull();
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled")).findFirst()
                .orElseThrow();
    }

    private static StatefulSet fixtureMysql() {
        return Manifests.read(java.nio.file.Path.of(Cli.MANIFESTS)).stream().filter(StatefulSet.class::isInstance)
                .map(o -> Serialization.clone((StatefulSet) o)).findFirst().orElseThrow();
    }
}
