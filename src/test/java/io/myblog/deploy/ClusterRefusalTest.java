package io.myblog.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.myblog.deploy.cli.ClusterOptions;
import io.myblog.deploy.cli.KubeconfigAccess;
import java.time.Duration;
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

        var run = new Cli(options -> server.createClient()).deploy();

        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(run.err()).contains("forbidden: not allowed to patch namespaces/jds",
                "User \"ci\" cannot patch resource \"namespaces\"");
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void unreachableClusterIsReportedWithin10Seconds() {
        // Given a kubeconfig-style client pointing at a port where nothing listens
        var access = new KubeconfigAccess() {
            @Override
            public io.fabric8.kubernetes.client.KubernetesClient connect(ClusterOptions options) {
                var config = super.connect(options).getConfiguration();
                config.setMasterUrl("https://127.0.0.1:1");
                return new KubernetesClientBuilder().withConfig(config).build();
            }
        };

        var run = new Cli(access).run("status");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(run.err()).contains("cannot reach the Kubernetes API at https://127.0.0.1:1");
    }

}
