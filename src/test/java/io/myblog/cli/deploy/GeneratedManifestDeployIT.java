package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.myblog.shared.ConfigHash;

/** The deploy tests use fixtures; this one deploys what the build really generated, with the shipped example Secret. */
class GeneratedManifestDeployIT {

    private static final String SECRET_EXAMPLE = "deploy/secret.env.example";

    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void deploysTheGeneratedStackInOrderAndRollsItOut() throws Exception {
        var run = cluster.cli.run("deploy", "--manifests", Manifests.BUILD_OUTPUT.toString(),
                "--secret-env-file", SECRET_EXAMPLE, "--allow-example-values", "--timeout", "60s");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(cluster.api.journal()).containsSubsequence("apply Namespace/jds", "apply ConfigMap/myblog",
                "apply Secret/myblog", "apply StatefulSet/mysql", "ready StatefulSet/mysql",
                "apply ServiceAccount/myblog", "apply Role/myblog", "apply RoleBinding/myblog",
                "apply Deployment/myblog", "apply Ingress/myblog");
        // The app's Service may come before or after its Deployment; it comes after the RBAC and MySQL is ready.
        assertThat(cluster.api.journal()).containsSubsequence("ready StatefulSet/mysql", "apply RoleBinding/myblog",
                "apply Service/myblog");
        var template = cluster.client.apps().deployments().inNamespace("jds").withName("myblog").get()
                .getSpec().getTemplate().getMetadata();
        assertThat(template.getAnnotations()).containsKey(ConfigHash.ANNOTATION);
        // MySQL's root password is in its own Secret, which the app's Role cannot read
        var ns = cluster.client.secrets().inNamespace("jds");
        assertThat(ns.withName("myblog").get().getData()).doesNotContainKey(DesiredSecrets.ROOT_PASSWORD);
        assertThat(ns.withName(DesiredSecrets.ROOT).get().getData()).containsOnlyKeys(DesiredSecrets.ROOT_PASSWORD);
        var role = cluster.client.rbac().roles().inNamespace("jds").withName("myblog").get();
        assertThat(role.getRules()).filteredOn(rule -> rule.getResources().contains("secrets"))
                .allSatisfy(rule -> assertThat(rule.getResourceNames()).containsExactly("myblog"));
        for (var line : Files.readAllLines(Path.of(SECRET_EXAMPLE))) {
            if (line.startsWith("MYSQL_") && line.contains("=") && line.contains("PASS")) {
                assertThat(run.all()).doesNotContain(line.substring(line.indexOf('=') + 1));
            }
        }
    }
}
