package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** diff: what a deploy would change, asked of the API server with a dry-run apply; never a Secret value. */
class DiffCommandTest {

    private static final String NS = FakeControllers.NAMESPACE;
    private static final String OTHER_PASSWORD = "an0ther-Pa55word";

    private final FakeCluster cluster = new FakeCluster();
    private final Cli cli = cluster.cli;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void diffOfAFreshlyDeployedStackFindsNothingAndExits0() {
        succeeds(cli.deploy());

        var run = cli.run("diff", "--manifests", Cli.MANIFESTS, "--secret-env-file", Cli.SECRET_ENV);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("ConfigMap jds/myblog unchanged", "Deployment jds/myblog unchanged",
                "Secret jds/myblog unchanged", "diff: no changes").doesNotContain("would");
    }

    @Test
    void diffNamesTheEditedConfigMapAndTheFieldAndExits1WithoutChangingIt() {
        // Given a deployed stack whose ConfigMap someone edited by hand
        succeeds(cli.deploy());
        cluster.client.configMaps().inNamespace(NS).withName("myblog").edit(cm -> {
            var data = new HashMap<>(cm.getData());
            data.put("MYSQL_PORT", "3307");
            cm.setData(data);
            return cm;
        });
        var journalBefore = cluster.api.journal();

        // When
        var run = cli.run("diff", "--manifests", Cli.MANIFESTS, "--secret-env-file", Cli.SECRET_ENV);

        // Then the ConfigMap, and only it, would change back
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("ConfigMap jds/myblog would be configured",
                "  ~ data.MYSQL_PORT: \"3307\" -> \"3306\"", "Deployment jds/myblog unchanged");
        assertThat(run.out().lines().filter(line -> line.endsWith("would be configured"))).hasSize(1);
        assertThat(run.err()).contains("diff: 1 of");
        assertThat(cluster.client.configMaps().inNamespace(NS).withName("myblog").get().getData())
                .containsEntry("MYSQL_PORT", "3307");
        assertThat(cluster.api.journal()).isEqualTo(journalBefore);
    }

    @Test
    void diffOfAChangedSecretNamesTheKeyButPrintsNoValue() throws Exception {
        succeeds(cli.deploy());
        var changed = java.nio.file.Files.createTempFile("secret", ".env");
        java.nio.file.Files.writeString(changed, "MYSQL_USER=blogger\nMYSQL_PASSWD=" + OTHER_PASSWORD + "\n");

        var run = cli.run("diff", "--manifests", Cli.MANIFESTS, "--secret-env-file", changed.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("Secret jds/myblog would be configured", "~ data.MYSQL_PASSWD: ",
                Differ.HIDDEN, "Deployment jds/myblog would be configured", "myblog/config-hash");
        var b64 = java.util.Base64.getEncoder();
        assertThat(run.all()).doesNotContain(OTHER_PASSWORD, Cli.SECRET_VALUE,
                b64.encodeToString(OTHER_PASSWORD.getBytes()), b64.encodeToString(Cli.SECRET_VALUE.getBytes()));
    }

    @Test
    void diffBeforeAnyDeploySaysEveryObjectWouldBeCreated() {
        var run = cli.run("diff", "--manifests", Cli.MANIFESTS, "--secret-env-file", Cli.SECRET_ENV);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("Namespace jds would be created", "Deployment jds/myblog would be created");
        assertThat(cluster.client.apps().deployments().inNamespace(NS).withName("myblog").get()).isNull();
    }

    private static void succeeds(Cli.Run run) {
        assertThat(run.exitCode()).as(run.all()).isZero();
    }
}
