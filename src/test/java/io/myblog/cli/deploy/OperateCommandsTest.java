package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.myblog.shared.ReloadStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** status, rollback, restart and undeploy on a deployed stack. */
class OperateCommandsTest {

    private static final String NEXT_IMAGE = "registry.example/myblog:1.1.0";

    // JUnit makes a new instance, and so a new cluster, for every test.
    private final FakeCluster cluster = new FakeCluster();
    private final ApiServerMock api = cluster.api;
    private final FakeControllers controllers = cluster.controllers;
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @BeforeEach
    void deployTheStack() {
        var deployed = cli.deploy();
        assertThat(deployed.exitCode()).as(deployed.all()).isZero();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void statusShowsPodsRolloutEndpointsIngressAndWarnings() {
        // Given two ready endpoints and a crash-looping new revision left in place
        client.resource(new EndpointsBuilder().withNewMetadata().withName("myblog").withNamespace("jds").endMetadata()
                .addNewSubset().addNewAddress().withIp("10.1.0.1").endAddress().addNewAddress().withIp("10.1.0.2")
                .endAddress().endSubset().build()).create();
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.CRASH_LOOP);
        cli.deploy("--image", NEXT_IMAGE, "--no-rollback");

        var run = cli.run("status");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Deployment myblog: revision 2, 2/2 updated, 2/2 ready",
                "StatefulSet mysql: 1/1 ready", "Service myblog: 2 endpoint(s)", "Ingress myblog: myblog.jds.example",
                "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "mysql-0", "CrashLoopBackOff", "node-1",
                "Recent warning events:", "BackOff: Back-off restarting failed container myblog");
    }

    @Test
    void statusShowsTheConfigWatchersStateAndLastRestart() {
        // Given a watcher that recorded a refused watch and an earlier restart on the Deployment's own metadata
        client.apps().deployments().inNamespace("jds").withName("myblog").edit(d -> new DeploymentBuilder(d)
                .editMetadata()
                .addToAnnotations(ReloadStatus.STATE, "denied")
                .addToAnnotations(ReloadStatus.DETAIL, "RBAC refuses: list configmaps")
                .addToAnnotations(ReloadStatus.REPORTER, "myblog-7d9-x2")
                .addToAnnotations(ReloadStatus.LAST_RESTART, "ConfigMap myblog changed: config hash a -> b")
                .endMetadata().build());

        var text = cli.run("status");
        var json = cli.run("status", "-o", "json");

        assertThat(text.out()).contains("config reload: denied (RBAC refuses: list configmaps), reported by myblog-7d9-x2; "
                + "last restart: ConfigMap myblog changed: config hash a -> b");
        assertThat(json.out()).contains("\"configReload\":{\"state\":\"denied\"")
                .doesNotContain("configReloadSummary");
    }

    @Test
    void statusSaysWhenNoWatcherHasReported() {
        assertThat(cli.run("status").out()).contains("config reload: disabled");
    }

    @Test
    void statusAsJsonCarriesTheSameFacts() {
        var run = cli.run("status", "-o", "json");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("\"namespace\":\"jds\"", "\"revision\":1", "\"ingressHost\":\"myblog.jds.example\"",
                "\"name\":\"mysql-0\"");
    }

    @Test
    void rollbackReturnsToThePreviousRevisionAndFollowsIt() {
        // Given revision 2 with a new image
        assertThat(cli.deploy("--image", NEXT_IMAGE).exitCode()).isZero();

        var run = cli.run("rollback", "--timeout", "60s");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("rolling Deployment myblog back to revision 1",
                "rollback complete: Deployment myblog rolled out (revision 3)");
        assertThat(FakeControllers.images(client.apps().deployments().inNamespace("jds").withName("myblog").get()))
                .containsExactly("registry.example/myblog:1.0.0");
    }

    @Test
    void rollbackAfterAScaleKeepsTheReplicaCountAndOtherManagersAnnotationsAndTakesNeitherOver() {
        // Given revision 2, scaled to 3 by kubectl and annotated by the config watcher
        assertThat(cli.deploy("--image", NEXT_IMAGE).exitCode()).isZero();
        client.apps().deployments().inNamespace("jds").withName("myblog").patch(
                new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("kubectl").build(),
                "{\"spec\":{\"replicas\":3}}");
        client.apps().deployments().inNamespace("jds").withName("myblog").patch(
                new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("myblog-config-reload")
                        .build(), "{\"metadata\":{\"annotations\":{\"" + ReloadStatus.STATE + "\":\"watching\"}}}");

        var run = cli.run("rollback", "--timeout", "60s");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var live = client.apps().deployments().inNamespace("jds").withName("myblog").get();
        assertThat(live.getSpec().getReplicas()).isEqualTo(3);
        assertThat(live.getMetadata().getAnnotations()).containsEntry(ReloadStatus.STATE, "watching");
        assertThat(FakeControllers.images(live)).containsExactly("registry.example/myblog:1.0.0");
        // what our apply owns is what the manifests say, so the next deploy removes nobody else's field
        assertThat(HorizontalScaling.appliedReplicas(live)).isFalse();
        assertThat(live.getMetadata().getManagedFields()).filteredOn(entry -> "myblog".equals(entry.getManager()))
                .allSatisfy(entry -> assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(entry.getFieldsV1()))
                        .doesNotContain(ReloadStatus.STATE));
    }

    @Test
    void rollbackToAnUnknownRevisionFails() {
        var run = cli.run("rollback", "--to-revision", "7", "--timeout", "5s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Deployment myblog has no revision 7");
    }

    @Test
    void restartRollsThePodsThroughTheTemplateAnnotation() {
        var run = cli.run("restart", "--timeout", "60s");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("restart complete: Deployment myblog rolled out (revision 2)");
        assertThat(client.apps().deployments().inNamespace("jds").withName("myblog").get().getSpec().getTemplate()
                .getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
    }

    @Test
    void undeployRemovesTheAppButKeepsMysqlDataAndTheSecret() {
        // Given the claim the StatefulSet controller made (the fake one may have made it already)
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-mysql-0")
                .withNamespace("jds").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build())
                .createOr(existing -> existing.update());

        var run = cli.run("undeploy", "--manifests", Cli.MANIFESTS);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(client.apps().deployments().inNamespace("jds").withName("myblog").get()).isNull();
        assertThat(client.apps().statefulSets().inNamespace("jds").withName("mysql").get()).isNull();
        assertThat(client.network().v1().ingresses().inNamespace("jds").withName("myblog").get()).isNull();
        assertThat(client.configMaps().inNamespace("jds").withName("myblog").get()).isNull();
        assertThat(client.persistentVolumeClaims().inNamespace("jds").withName("data-mysql-0").get()).isNotNull();
        assertThat(client.secrets().inNamespace("jds").withName("myblog").get()).isNotNull();
        assertThat(run.out()).contains("Deployment jds/myblog deleted",
                "PersistentVolumeClaim jds/data-mysql-0 kept (data; --purge-data deletes it)");
    }

    @Test
    void undeployWithPurgeDataAlsoRemovesTheClaimAndTheSecret() {
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-mysql-0")
                .withNamespace("jds").endMetadata().build()).createOr(existing -> existing.update());

        var run = cli.run("undeploy", "--manifests", Cli.MANIFESTS, "--purge-data");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(client.persistentVolumeClaims().inNamespace("jds").withName("data-mysql-0").get()).isNull();
        assertThat(client.secrets().inNamespace("jds").withName("myblog").get()).isNull();
    }
}
