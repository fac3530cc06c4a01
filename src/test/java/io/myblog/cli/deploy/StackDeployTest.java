package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.myblog.cli.deploy.shape.StackShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * deploy's choices for the Ingress, the image and MySQL's storage, and its fast, named failure when MySQL's pod cannot
 * be scheduled. The fake scheduler and PersistentVolume controller (FakeControllers) report what the real ones do:
 * PodScheduled=False, reason Unschedulable, in the scheduler's words, and FailedBinding on the claim.
 */
class StackDeployTest {

    private static final Duration FAST = Duration.ofSeconds(10);
    private static final String COURSE_NODE_DIRECTORY = "/opt/mysql/data";

    private final FakeCluster cluster = new FakeCluster();
    private final FakeControllers controllers = cluster.controllers;
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void ingressOptionsAimTheIngressAndTurnOnTlsWithARedirect() {
        var run = cli.deploy("--ingress-host", "blog.course.example", "--ingress-class", "nginx-internal",
                "--tls-secret", "blog-cert");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var ingress = client.resources(Ingress.class).inNamespace("jds").withName("myblog").get();
        assertThat(ingress.getSpec().getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getHost()).isEqualTo("blog.course.example"));
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx-internal");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("blog-cert");
            assertThat(tls.getHosts()).containsExactly("blog.course.example");
        });
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry(StackShape.SSL_REDIRECT, "true");
    }

    @Test
    void withoutIngressOptionsTheManifestsIngressIsAppliedAsItIs() {
        var run = cli.deploy();

        assertThat(run.exitCode()).as(run.all()).isZero();
        var ingress = client.resources(Ingress.class).inNamespace("jds").withName("myblog").get();
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("myblog.jds.example");
        assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
        assertThat(ingress.getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void imageFromTheCoursesRegistryIsPulledOnceAndASnapshotOnEveryStart() {
        assertThat(cli.deploy("--image", "10.2.2.10:5000/myblog:v1").exitCode()).isZero();
        assertThat(appContainer().getImage()).isEqualTo("10.2.2.10:5000/myblog:v1");
        assertThat(appContainer().getImagePullPolicy()).isEqualTo("IfNotPresent");

        assertThat(cli.deploy("--image", "10.2.2.10:5000/myblog:1.1.0-SNAPSHOT").exitCode()).isZero();
        assertThat(appContainer().getImagePullPolicy()).isEqualTo("Always");
    }

    @Test
    void mysqlPendingOnAnUnboundClaimFailsFastNamingTheClaimAndWhatToDo() {
        controllers.provisioning(FakeControllers.Provisioning.NONE, Duration.ZERO);

        var run = cli.deploy("--timeout", "60s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.took()).isLessThan(FAST);
        assertThat(run.err()).contains("StatefulSet mysql cannot become ready", "unbound immediate PersistentVolumeClaims",
                "claim data-mysql-0 is not bound", "no persistent volumes available for this claim and no storage class is set",
                "--mysql-storage-class", "--mysql-host-path", "the app was not applied");
        assertThat(run.out()).contains("what to do:");
        assertThat(client.apps().deployments().inNamespace("jds").withName("myblog").get()).isNull();
    }

    @Test
    void claimThatAProvisionerBindsAfterAWhileIsWaitedFor() {
        // The scheduler reports unbound claims until the provisioner has made the volume: that is no failure.
        controllers.provisioning(FakeControllers.Provisioning.BINDS, Duration.ofSeconds(1));

        var run = cli.deploy("--timeout", "30s");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("mysql: 0/1 ready", "mysql: 1/1 ready");
        assertThat(run.took()).isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void mysqlPendingOnAnUnlabelledNodeFailsFastNamingTheLabel() {
        var run = cli.deploy("--mysql-host-path", COURSE_NODE_DIRECTORY, "--timeout", "60s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.took()).isLessThan(FAST);
        assertThat(run.err()).contains("StatefulSet mysql cannot become ready", "didn't match Pod's node affinity/selector",
                "no node carries the label component=mysql", "kubectl label node NODE component=mysql");
        assertThat(client.apps().deployments().inNamespace("jds").withName("myblog").get()).isNull();
    }

    @Test
    void hostPathVariantRunsOnTheLabelledNodeWithTheDataInItsDirectory() {
        controllers.nodes(List.of(Map.of("kubernetes.io/hostname", "node-1"),
                Map.of("kubernetes.io/hostname", "node-2", "component", "mysql")));

        var run = cli.deploy("--mysql-host-path", COURSE_NODE_DIRECTORY);

        assertThat(run.exitCode()).as(run.all()).isZero();
        var mysql = client.apps().statefulSets().inNamespace("jds").withName("mysql").get();
        assertThat(mysql.getSpec().getVolumeClaimTemplates()).isNullOrEmpty();
        assertThat(mysql.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("component", "mysql");
        assertThat(hostPaths(mysql)).containsExactly(COURSE_NODE_DIRECTORY);
    }

    @Test
    void storageClassOptionNamesTheClassOfMysqlsClaim() {
        var run = cli.deploy("--mysql-storage-class", "local-path");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var mysql = client.apps().statefulSets().inNamespace("jds").withName("mysql").get();
        assertThat(mysql.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(t -> assertThat(t.getSpec().getStorageClassName()).isEqualTo("local-path"));
    }

    private io.fabric8.kubernetes.api.model.Container appContainer() {
        return client.apps().deployments().inNamespace("jds").withName("myblog").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static List<String> hostPaths(StatefulSet statefulSet) {
        return statefulSet.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getHostPath() != null).map(v -> v.getHostPath().getPath()).toList();
    }
}
