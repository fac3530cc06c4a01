package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every pod of the app opens at most its pools; deploy counts the pods a rollout can run at once against MySQL's
 * max_connections and refuses, before any write, a stack that could exceed it (issue 27).
 */
class ConnectionBudgetTest {

    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aPodHoldsThePoolsThePackagedSettingsGiveIt() {
        var budget = ConnectionBudget.ofPackagedSettings();

        assertThat(budget).isEqualTo(new ConnectionBudget(8, 2, 1, 8));
        assertThat(budget.perPod()).isEqualTo(11);
    }

    @Test
    void aRolloutRunsTheReplicasOrTheAutoscalersMaximumPlusTheSurge() {
        var app = deployment(3, new IntOrString(1));
        assertThat(ConnectionBudget.peakPods(List.of(app), "myblog")).isEqualTo(4);
        assertThat(ConnectionBudget.peakPods(List.of(deployment(8, new IntOrString("25%"))), "myblog")).isEqualTo(10);

        HasMetadata autoscaler = new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("myblog").endMetadata()
                .withNewSpec().withMaxReplicas(6).withNewScaleTargetRef().withKind("Deployment").withName("myblog")
                .endScaleTargetRef().endSpec().build();
        assertThat(ConnectionBudget.peakPods(List.of(app, autoscaler), "myblog")).isEqualTo(7);
    }

    @Test
    void theDryRunPrintsTheBudgetWithItsArithmetic() {
        var run = cluster.cli.run("deploy", "--dry-run", "--manifests", Cli.MANIFESTS, "--secret-env-file",
                Cli.SECRET_ENV);

        assertThat(run.exitCode()).as(run.all()).isZero();
        // the fixture's Deployment: 2 replicas, surge 1
        assertThat(run.err()).contains("connection budget: 3 pods at most × 11 connections each (8 requests + 2 Flyway"
                + " + 1 readiness check) = 33, of MySQL's max_connections 151 less 5 kept for its own clients = 146"
                + " (a read replica, MYSQL_READ_HOST, gets up to 8 per pod more, on its own server)");
    }

    @Test
    void aStackThatCouldExceedMaxConnectionsIsRefusedBeforeAnyWrite() {
        var run = cluster.cli.run("deploy", "--manifests", Cli.MANIFESTS, "--secret-env-file", Cli.SECRET_ENV,
                "--mysql-max-connections", "30", "--timeout", "60s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("nothing was changed", "3 pods at most × 11 connections each", "= 33",
                "max_connections 30 less 5 kept for its own clients = 25", "--mysql-max-connections");
        assertThat(cluster.api.writes()).isEmpty();
    }

    private static Deployment deployment(int replicas, IntOrString surge) {
        return new DeploymentBuilder().withNewMetadata().withName("myblog").endMetadata().withNewSpec()
                .withReplicas(replicas).withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(surge).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                .endSpec().build();
    }
}
