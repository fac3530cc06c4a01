package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.cli.KubeconfigAccess;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Never the wrong cluster: the context is named first, and one the kubeconfig lacks stops everything. */
class ClusterContextTest {

    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void unknownContextExitsWith2ListingTheKnownOnesAndSendsNoRequest() {
        // Given a kubeconfig whose two contexts both point at the mock API server
        var contexts = new LinkedHashMap<String, String>();
        contexts.put("staging", cluster.api.url());
        contexts.put("production", cluster.api.url());
        try (var kubeconfig = new Kubeconfig(contexts, "production")) {
            var cli = new Cli(new KubeconfigAccess());

            var deploy = cli.run("deploy", "--context", "stagin", "--manifests", Cli.MANIFESTS,
                    "--secret-env-file", Cli.SECRET_ENV);
            var undeploy = cli.run("undeploy", "--context", "stagin", "--manifests", Cli.MANIFESTS);

            for (var run : java.util.List.of(deploy, undeploy)) {
                assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
                assertThat(run.err()).contains("context \"stagin\" is not in the kubeconfig", "staging", "production");
            }
            assertThat(cluster.api.requests()).isEmpty();
        }
    }

    @Test
    void firstLineNamesTheContextTheApiServerAndTheNamespace() {
        var contexts = new LinkedHashMap<String, String>();
        contexts.put("staging", cluster.api.url());
        try (var kubeconfig = new Kubeconfig(contexts, "staging")) {

            var run = new Cli(new KubeconfigAccess()).run("status", "--context", "staging", "-n", "jds");

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out().lines().findFirst()).hasValue(
                    "context staging, API server " + cluster.api.url() + ", namespace jds");
        }
    }

    @Test
    void missingKubeconfigSaysWhatToDo() {
        try (var kubeconfig = new Kubeconfig(java.util.Map.of("x", "https://127.0.0.1:1"), "x")) {
            System.setProperty(io.fabric8.kubernetes.client.Config.KUBERNETES_KUBECONFIG_FILE, "/nonexistent/kubeconfig");

            var run = new Cli(new KubeconfigAccess()).run("status");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
            assertThat(run.err()).contains("no kubeconfig found", "KUBECONFIG");
        }
    }
}
