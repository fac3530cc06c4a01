package io.myblog.cli.deploy;

import static io.myblog.cli.deploy.ConfigSnapshotsTest.b64;
import static io.myblog.cli.deploy.ConfigSnapshotsTest.configMapRef;
import static io.myblog.cli.deploy.ConfigSnapshotsTest.secretEnv;
import static io.myblog.cli.deploy.ConfigSnapshotsTest.secretRef;
import static io.myblog.cli.deploy.ConfigSnapshotsTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ConfigSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code myblog restart} restarts onto today's ConfigMap and Secret myblog, as it did before snapshots: a stack
 * without the controller has no other way to bring an edit to its pods short of a deploy. No controller runs here.
 */
class RestartSnapshotTest {

    private static final String NS = FakeControllers.NAMESPACE;
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String KEY = "MYSQL_PASSWD";
    private static final String EDITED_PASSWORD = "an0ther-Pa55word";
    private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aRestartAfterASecretEditRollsOnceOntoANewSecretSnapshotHoldingTheEdit() throws Exception {
        // Given a deployed stack whose Secret myblog is then edited by hand
        succeeds(cli.deploy());
        awaitRevisionComplete(1);
        var before = deployment().getSpec().getTemplate();
        editSecret(KEY, EDITED_PASSWORD);

        // When
        var restart = cli.run("restart", "--timeout", "60s");

        // Then one new revision reads a new Secret snapshot holding the edit; the ConfigMap's stays
        succeeds(restart);
        var after = deployment().getSpec().getTemplate();
        assertThat(secretRef(after.getSpec())).isNotEqualTo(secretRef(before.getSpec()));
        assertThat(secret(secretRef(after.getSpec())).getData()).containsEntry(KEY, b64(EDITED_PASSWORD));
        assertThat(secret(secretRef(after.getSpec())).getImmutable()).isTrue();
        assertThat(configMapRef(after.getSpec())).isEqualTo(configMapRef(before.getSpec()));
        assertThat(after.getMetadata().getAnnotations()).containsKey(RESTARTED_AT)
                .doesNotContainEntry(ConfigHash.ANNOTATION, before.getMetadata().getAnnotations().get(ConfigHash.ANNOTATION));
        awaitRevisionComplete(2);
        assertThat(client.apps().replicaSets().inNamespace(NS).list().getItems()).as("one rollout").hasSize(2);

        // And a deploy of the same values finds nothing to roll: restart pointed and hashed as deploy does
        succeeds(cli.run("deploy", "--manifests", Cli.MANIFESTS, "--secret-env-file",
                secretEnv(EDITED_PASSWORD).toString(), "--timeout", "60s"));
        assertThat(DesiredState.revisionOf(deployment())).isEqualTo(2);
        assertThat(deployment().getSpec().getTemplate()).isEqualTo(after);

        // And history names the key the restart changed, never its value
        var history = cli.run("history");
        assertThat(HistoryCommandTest.appRows(history)).satisfiesExactly(
                row -> assertThat(row).startsWith("2 ").contains("Secret " + KEY).endsWith("restart"),
                row -> assertThat(row).startsWith("1 ").endsWith("deploy"));
        assertThat(restart.all() + history.all()).doesNotContain(EDITED_PASSWORD, b64(EDITED_PASSWORD));
    }

    @Test
    void aRestartWithoutAnEditKeepsItsSnapshotsAndDeletesOnesNoRevisionReads() {
        // Given a deployed stack and a Secret snapshot no revision reads (a deploy that failed before its rollout)
        succeeds(cli.deploy());
        awaitRevisionComplete(1);
        var before = deployment().getSpec().getTemplate();
        var stray = ConfigSnapshot.of(new SecretBuilder(secret("myblog")).withData(Map.of(KEY, b64(EDITED_PASSWORD)))
                .build());
        client.resource(stray).create();

        // When
        succeeds(cli.run("restart", "--timeout", "60s"));

        // Then the new revision reads the same snapshots with the same hash, and the stray snapshot is gone
        var after = deployment().getSpec().getTemplate();
        assertThat(after.getMetadata().getAnnotations()).containsKey(RESTARTED_AT)
                .containsEntry(ConfigHash.ANNOTATION, before.getMetadata().getAnnotations().get(ConfigHash.ANNOTATION));
        assertThat(secretRef(after.getSpec())).isEqualTo(secretRef(before.getSpec()));
        assertThat(configMapRef(after.getSpec())).isEqualTo(configMapRef(before.getSpec()));
        awaitRevisionComplete(2);
        assertThat(secret(stray.getMetadata().getName())).as("the stray snapshot").isNull();
    }

    @Test
    void aRestartIsRefusedWithNothingChangedWhenTheSecretThePodsRequireIsGone() {
        succeeds(cli.deploy());
        awaitRevisionComplete(1);
        var before = deployment().getSpec().getTemplate();
        client.secrets().inNamespace(NS).withName("myblog").delete();
        await().atMost(BOUND).until(() -> secret("myblog") == null);

        var run = cli.run("restart", "--timeout", "10s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.BAD_INPUT);
        assertThat(run.err()).contains("not restarted, nothing was changed: Secret myblog is missing");
        assertThat(deployment().getSpec().getTemplate()).isEqualTo(before);
    }

    private void awaitRevisionComplete(long revision) {
        ConfigSnapshotsTest.awaitRevisionComplete(client, revision, ConfigSnapshotsTest::secretRef);
    }

    private void editSecret(String key, String value) {
        client.secrets().inNamespace(NS).withName("myblog").edit(secret -> {
            var data = new HashMap<>(secret.getData());
            data.put(key, b64(value));
            secret.setData(data);
            return secret;
        });
    }

    private Secret secret(String name) {
        return client.secrets().inNamespace(NS).withName(name).get();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName("myblog").get();
    }
}
