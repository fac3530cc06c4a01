package io.myblog.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeployCommandTest {

    private static final String GOOD_IMAGE = "registry.example/myblog:1.0.0";
    private static final String NEXT_IMAGE = "registry.example/myblog:1.1.0";

    private ApiServerMock api;
    private FakeControllers controllers;
    private KubernetesClient client;
    private Cli cli;

    @BeforeEach
    void startCluster() {
        api = new ApiServerMock();
        controllers = new FakeControllers(api).start();
        client = api.newClient();
        cli = new Cli(api);
    }

    @AfterEach
    void stopCluster() {
        controllers.close();
        client.close();
        api.close();
    }

    @Test
    void deploysTheWholeStackInOrderAndWaitsForMysqlBeforeTheApp() {
        controllers.databaseStartsAfter(Duration.ofMillis(300));

        var run = cli.deploy();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(api.journal()).containsSubsequence("apply Namespace/jds", "apply ConfigMap/myblog",
                "apply Secret/myblog", "apply StatefulSet/mysql", "ready StatefulSet/mysql",
                "apply ServiceAccount/myblog", "apply Role/myblog", "apply RoleBinding/myblog",
                "apply Deployment/myblog", "apply Service/myblog", "apply Ingress/myblog");
        assertThat(api.journal().indexOf("apply Service/mysql")).isLessThan(api.journal().indexOf("ready StatefulSet/mysql"));
        assertThat(run.out()).contains("Deployment jds/myblog created", "waiting for StatefulSet mysql to be ready",
                "mysql: 1/1 ready", "myblog: 2/2 updated, 2/2 ready, 2/2 available",
                "deploy complete: Deployment myblog rolled out (revision 1)");
        assertThat(client.secrets().inNamespace("jds").withName("myblog").get().getData())
                .containsOnlyKeys("MYSQL_USER", "MYSQL_PASSWD");
    }

    @Test
    void secondIdenticalDeployChangesNothingAndStartsNoRollout() {
        // Given a completed deploy
        assertThat(cli.deploy().exitCode()).isZero();
        var generation = deployment().getMetadata().getGeneration();

        // When the same deploy runs again
        var run = cli.deploy();

        // Then every object is reported unchanged and no new revision appears
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).doesNotContain(" created", " configured");
        assertThat(run.out().lines().filter(l -> l.endsWith(" unchanged")).count()).isEqualTo(11);
        assertThat(deployment().getMetadata().getGeneration()).isEqualTo(generation);
        assertThat(client.apps().replicaSets().inNamespace("jds").list().getItems()).hasSize(1);
        assertThat(run.out()).contains("deploy complete: Deployment myblog rolled out (revision 1)");
    }

    @Test
    void followsARolloutToTheEndPrintingEachChange() {
        // Given revision 1 running
        assertThat(cli.deploy().exitCode()).isZero();

        // When a new image is deployed
        var run = cli.deploy("--image", NEXT_IMAGE);

        // Then the rollout is followed until the old pods are gone
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Deployment jds/myblog configured", "revision 2");
        assertThat(images(deployment())).containsExactly(NEXT_IMAGE);
        assertThat(client.pods().inNamespace("jds").withLabel("app.kubernetes.io/name", "myblog").list().getItems())
                .hasSize(2).allSatisfy(pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(NEXT_IMAGE));
    }

    @Test
    void setsTheConfigHashOnThePodTemplate() {
        var run = cli.deploy();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey(ConfigHash.ANNOTATION);
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("jds").withName("myblog").get();
    }

    private static List<String> images(Deployment deployment) {
        return FakeControllers.images(deployment);
    }
}
