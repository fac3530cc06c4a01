package io.myblog.cli.deploy;

import static io.myblog.cli.deploy.ConfigSnapshotsTest.admittedForTheController;
import static io.myblog.cli.deploy.ConfigSnapshotsTest.b64;
import static io.myblog.cli.deploy.ConfigSnapshotsTest.succeeds;
import static io.myblog.cli.deploy.ConfigSnapshotsTest.watcher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.myblog.service.database.DatabaseTls;
import io.myblog.shared.ConfigHash.Source;
import io.myblog.shared.ConfigSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database CA (Secret key MYSQL_SSL_CA, mounted by volume mysql-ca, as src/main/kubernetes/kubernetes.yml does)
 * comes from its revision's Secret snapshot like the env does: a CA edit rolls the pods onto a new snapshot, and a
 * rollback brings the old CA back. Here the pods read the Secret through that volume only.
 */
class DatabaseCaSnapshotTest {

    private static final String NS = FakeControllers.NAMESPACE;
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String VOLUME = "mysql-ca";
    private static final String CA_A = "-----BEGIN CERTIFICATE----- ca-a";
    private static final String CA_B = "-----BEGIN CERTIFICATE----- ca-b";
    private static final String CA_C = "-----BEGIN CERTIFICATE----- ca-c";

    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClient client = cluster.client;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aRollbackAfterACaEditMountsTheCaOfThatRevisionAgain() throws IOException {
        // Given a deploy with CA A: volume mysql-ca reads an immutable Secret snapshot holding A
        succeeds(deploy(withCaVolume(""), CA_A));
        var first = caSecret(template());
        assertThat(first).matches(ConfigSnapshot.namePattern("myblog", Source.SECRET));
        assertThat(caIn(first)).isEqualTo(CA_A);
        awaitRevisionComplete(1);
        var deployed = deployment();

        // When Secret myblog's CA is edited to B, the controller restarts the pods onto a snapshot holding B
        try (var watcher = watcher(cluster)) {
            editCa(CA_B);
            await().atMost(BOUND).until(() -> !caSecret(template()).equals(first));
        }
        var second = caSecret(template());
        assertThat(caIn(second)).isEqualTo(CA_B);
        assertThat(admittedForTheController(deployed, deployment())).as("the admission policy's refusals").isEmpty();
        awaitRevisionComplete(2);

        // And rolled back
        succeeds(cluster.cli.run("rollback", "--timeout", "20s"));

        // Then the template and its pods mount the snapshot of revision 1 again, which still holds CA A
        assertThat(caSecret(template())).isEqualTo(first);
        awaitRevisionComplete(3);
        assertThat(podsMount()).containsOnly(CA_A);
        assertThat(caIn("myblog")).as("the edited Secret stays as edited").isEqualTo(CA_B);
    }

    @Test
    void aRestartAfterACaEditWithoutTheControllerMountsTheEditedCa() throws IOException {
        // Given a deploy with CA A, then Secret myblog's CA edited to B while no controller runs
        succeeds(deploy(withCaVolume(""), CA_A));
        var first = caSecret(template());
        awaitRevisionComplete(1);
        editCa(CA_B);

        // When
        succeeds(cluster.cli.run("restart", "--timeout", "20s"));

        // Then one rollout mounts a new snapshot holding B
        assertThat(caSecret(template())).isNotEqualTo(first);
        awaitRevisionComplete(2);
        assertThat(podsMount()).containsOnly(CA_B);
    }

    @Test
    void garbageCollectionKeepsTheSnapshotAKeptRevisionOnlyMountsAndUndeployDeletesIt() throws IOException {
        // Given three deploys with CA A, B and C and revisionHistoryLimit 1: revision 1's ReplicaSet is gone
        var manifests = withCaVolume("  revisionHistoryLimit: 1\n");
        for (var ca : List.of(CA_A, CA_B, CA_C)) {
            succeeds(deploy(manifests, ca));
        }
        await().atMost(BOUND).until(() -> client.apps().replicaSets().inNamespace(NS).list().getItems().size() == 2);

        // Then the snapshots of B (revision 2, kept) and C (running) stay, A's went
        assertThat(snapshots()).extracting(DatabaseCaSnapshotTest::ca).containsExactlyInAnyOrder(CA_B, CA_C);

        // When
        succeeds(cluster.cli.run("undeploy", "--manifests", manifests.toString()));

        // Then
        assertThat(snapshots()).isEmpty();
    }

    private Cli.Run deploy(Path manifests, String ca) throws IOException {
        var env = Files.createTempFile("secret", ".env");
        Files.writeString(env, Files.readString(Path.of(Cli.SECRET_ENV)) + DatabaseTls.CA_KEY + "=" + ca + "\n");
        return cluster.cli.run("deploy", "--manifests", manifests.toString(), "--secret-env-file", env.toString(),
                "--timeout", "60s");
    }

    /** The fixture with the app reading Secret myblog through volume mysql-ca only, as the shipped manifests mount it. */
    private static Path withCaVolume(String specExtra) throws IOException {
        var text = Files.readString(Path.of(Cli.MANIFESTS));
        var envFrom = """
                          envFrom:
                            - configMapRef:
                                name: myblog
                            - secretRef:
                                name: myblog
                """;
        assertThat(text).contains(envFrom, "  replicas: 2\n");
        var mounted = """
                          envFrom:
                            - configMapRef:
                                name: myblog
                          volumeMounts:
                            - name: %s
                              mountPath: /etc/myblog/mysql-ca
                              readOnly: true
                      volumes:
                        - name: %s
                          secret:
                            secretName: myblog
                            optional: true
                            items:
                              - key: %s
                                path: ca.pem
                """.formatted(VOLUME, VOLUME, DatabaseTls.CA_KEY);
        var file = Files.createTempFile("manifests", ".yml");
        Files.writeString(file, text.replace(envFrom, mounted).replace("  replicas: 2\n", "  replicas: 2\n" + specExtra));
        return file;
    }

    private void awaitRevisionComplete(long revision) {
        ConfigSnapshotsTest.awaitRevisionComplete(client, revision, DatabaseCaSnapshotTest::caSecret);
    }

    private void editCa(String ca) {
        client.secrets().inNamespace(NS).withName("myblog").edit(secret -> {
            var data = new HashMap<>(secret.getData());
            data.put(DatabaseTls.CA_KEY, b64(ca));
            secret.setData(data);
            return secret;
        });
    }

    /** The CA each running pod mounts, read from the Secret its volume names. */
    private List<String> podsMount() {
        return pods().stream().map(spec -> caIn(caSecret(spec))).toList();
    }

    private List<PodSpec> pods() {
        return client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", "myblog").list().getItems().stream()
                .map(pod -> pod.getSpec()).toList();
    }

    private List<Secret> snapshots() {
        return client.secrets().inNamespace(NS).withLabels(ConfigSnapshot.labels("myblog")).list().getItems();
    }

    private String caIn(String secret) {
        return ca(client.secrets().inNamespace(NS).withName(secret).get());
    }

    private static String ca(Secret secret) {
        return new String(Base64.getDecoder().decode(secret.getData().get(DatabaseTls.CA_KEY)), StandardCharsets.UTF_8);
    }

    private static String caSecret(PodSpec pod) {
        return pod.getVolumes().stream().filter(volume -> volume.getName().equals(VOLUME)).findFirst().orElseThrow()
                .getSecret().getSecretName();
    }

    private PodSpec template() {
        return deployment().getSpec().getTemplate().getSpec();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName("myblog").get();
    }
}
