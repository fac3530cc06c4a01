package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerListBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.myblog.cli.KubeconfigAccess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exit code 3: the cluster refuses (403, expectation mode) or cannot be reached at all. */
@EnableKubernetesMockClient
class ClusterRefusalTest {

    KubernetesMockServer server;

    @Test
    void forbiddenApplyExitsWith3NamingVerbAndResource() {
        // Given an API server whose RBAC lets us read but not write the Namespace
        server.expect().get().withPath("/api/v1/namespaces/jds").andReturn(404, new StatusBuilder().withCode(404).build())
                .always();
        server.expect().patch().withPath("/api/v1/namespaces/jds?fieldManager=myblog&force=true")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
                        .withMessage("namespaces \"jds\" is forbidden: User \"ci\" cannot patch resource "
                                + "\"namespaces\" in API group \"\" at the cluster scope")
                        .withNewDetails().withName("jds").withKind("namespaces").endDetails().build())
                .always();
        server.expect().get().withPath("/api/v1/namespaces/jds/secrets/myblog")
                .andReturn(404, new StatusBuilder().withCode(404).build()).always();
        server.expect().get().withPath("/api/v1/namespaces/jds/secrets/mysql-root")
                .andReturn(404, new StatusBuilder().withCode(404).build()).always();
        server.expect().get().withPath("/apis/apps/v1/namespaces/jds/deployments/myblog")
                .andReturn(404, new StatusBuilder().withCode(404).build()).always();
        server.expect().get().withPath("/apis/autoscaling/v2/namespaces/jds/horizontalpodautoscalers")
                .andReturn(200, new HorizontalPodAutoscalerListBuilder().build()).always();

        var run = new Cli(options -> server.createClient()).deploy();

        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(run.err()).contains("forbidden: not allowed to patch namespaces/jds",
                "User \"ci\" cannot patch resource \"namespaces\"");
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void unreachableClusterIsReportedWithin10SecondsSayingWhatToCheck() {
        // Given a kubeconfig whose cluster listens nowhere
        try (var kubeconfig = new Kubeconfig(Map.of("gone", "https://127.0.0.1:1"), "gone")) {

            var run = new Cli(new KubeconfigAccess()).run("status");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
            assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
            assertThat(run.out()).startsWith("context gone, API server https://127.0.0.1:1/, namespace jds");
            assertThat(run.err()).contains("cannot reach the Kubernetes API at https://127.0.0.1:1",
                    "kubectl cluster-info --context gone");
        }
    }

}
