package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.myblog.controller.ConfigReloader;
import io.myblog.controller.ReloadMetrics;
import io.myblog.shared.ConfigSnapshot;
import io.myblog.shared.ReloadState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: every revision reads immutable copies of its configuration, so a rollback restores image and config
 * together, against the mock API server (immutable objects refuse updates) and the fake controllers (ReplicaSets keep
 * their templates; old ones go beyond revisionHistoryLimit).
 */
class ConfigSnapshotsTest {

    private static final String NS = FakeControllers.NAMESPACE;
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String OTHER_PASSWORD = "an0ther-Pa55word";

    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aRollbackAfterAConfigEditBringsBackTheConfigOfThatRevision() throws IOException {
        // Given a deploy with A=1: its pods read an immutable copy of ConfigMap myblog
        succeeds(cli.run(deployArgs(withA("1"))));
        var first = configMapRef(deployment().getSpec().getTemplate().getSpec());
        assertThat(first).matches(ConfigSnapshot.namePattern("myblog", io.myblog.shared.ConfigHash.Source.CONFIG_MAP));
        assertThat(configMap(first).getData()).containsEntry("A", "1");
        assertThat(configMap(first).getImmutable()).isTrue();
        assertThat(configMap(first).getMetadata().getLabels()).containsEntry(ConfigSnapshot.SNAPSHOT_OF, "myblog");
        assertThat(secret(secretRef(deployment().getSpec().getTemplate().getSpec())).getImmutable()).isTrue();

        awaitRevisionComplete(1);
        var deployed = deployment();

        // When ConfigMap myblog is edited to A=2, the controller restarts the pods onto a new snapshot
        try (var watcher = watcher(cluster)) {
            editConfigMap("A", "2");
            await().atMost(BOUND).until(() -> !configMapRef(deployment().getSpec().getTemplate().getSpec()).equals(first));
        }
        var second = configMapRef(deployment().getSpec().getTemplate().getSpec());
        assertThat(configMap(second).getData()).containsEntry("A", "2");
        assertThat(admittedForTheController(deployed, deployment())).as("the admission policy's refusals").isEmpty();
        awaitRevisionComplete(2);
        assertThat(podsRead()).containsOnly(Map.entry("A", "2"));

        // And rolled back
        succeeds(cli.run("rollback", "--timeout", "20s"));

        // Then the template and its pods read the A=1 snapshot again, which still holds A=1
        assertThat(configMapRef(deployment().getSpec().getTemplate().getSpec())).isEqualTo(first);
        awaitRevisionComplete(3);
        assertThat(podsRead()).containsOnly(Map.entry("A", "1"));
        assertThat(configMap("myblog").getData()).as("the edited object stays as edited").containsEntry("A", "2");
    }

    @Test
    void aDeployOfAChangedSecretValueAloneMakesARevisionReadingANewSecretSnapshot() throws IOException {
        succeeds(cli.deploy());
        var before = deployment().getSpec().getTemplate().getSpec();

        var run = cli.run("deploy", "--manifests", Cli.MANIFESTS, "--secret-env-file", secretEnv(OTHER_PASSWORD).toString(),
                "--timeout", "60s");

        succeeds(run);
        awaitRevisionComplete(2);
        var after = deployment().getSpec().getTemplate().getSpec();
        assertThat(secretRef(after)).isNotEqualTo(secretRef(before));
        assertThat(configMapRef(after)).isEqualTo(configMapRef(before));
        assertThat(run.all()).doesNotContain(OTHER_PASSWORD, Cli.SECRET_VALUE);
    }

    @Test
    void garbageCollectionKeepsWhatKeptRevisionsReadAndDeletesTheRest() throws IOException {
        // Given three deploys A=1, A=2, A=3 with revisionHistoryLimit 1: revision 1's ReplicaSet is gone
        for (var value : List.of("1", "2", "3")) {
            succeeds(cli.run(deployArgs(withA(value), "  replicas: 2\n", "  replicas: 2\n  revisionHistoryLimit: 1\n")));
        }
        await().atMost(BOUND).until(() -> client.apps().replicaSets().inNamespace(NS).list().getItems().size() == 2);

        // Then the snapshots of A=2 (revision 2, kept) and A=3 (running) stay, A=1's went; one Secret snapshot, in use
        assertThat(snapshotConfigMaps()).extracting(cm -> cm.getData().get("A")).containsExactlyInAnyOrder("2", "3");
        assertThat(client.secrets().inNamespace(NS).withLabels(ConfigSnapshot.labels("myblog")).list().getItems())
                .singleElement().satisfies(s -> assertThat(s.getMetadata().getName())
                        .isEqualTo(secretRef(deployment().getSpec().getTemplate().getSpec())));
    }

    @Test
    void aRollbackToARevisionWhoseSnapshotIsGoneIsRefusedAndSaysWhich() throws IOException {
        succeeds(cli.run(deployArgs(withA("1"))));
        var first = configMapRef(deployment().getSpec().getTemplate().getSpec());
        succeeds(cli.run(deployArgs(withA("2"))));
        client.configMaps().inNamespace(NS).withName(first).delete();
        await().atMost(BOUND).until(() -> client.configMaps().inNamespace(NS).withName(first).get() == null);

        var run = cli.run("rollback", "--timeout", "20s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.ROLLOUT_FAILED);
        assertThat(run.err()).contains("not rolled back: revision 1 reads ConfigMap " + first, "no longer exists");
        assertThat(DesiredState.revisionOf(deployment())).isEqualTo(2);
    }

    @Test
    void undeployDeletesTheSnapshotsWithTheApp() throws IOException {
        succeeds(cli.run(deployArgs(withA("1"))));
        assertThat(snapshotConfigMaps()).isNotEmpty();

        succeeds(cli.run("undeploy", "--manifests", Cli.MANIFESTS));

        assertThat(snapshotConfigMaps()).isEmpty();
        assertThat(client.secrets().inNamespace(NS).withLabels(ConfigSnapshot.labels("myblog")).list().getItems()).isEmpty();
    }

    @Test
    void theDryRunShowsTheConfigMapSnapshotAndTheSecretSnapshotWithoutValues() throws IOException {
        var run = cli.run(deployArgs(withA("1"), "--dry-run"));

        succeeds(run);
        assertThat(run.out()).contains("myblog-config-", "immutable: true", "A: \"1\"", "myblog-secret-",
                DesiredState.REDACTED).doesNotContain(Cli.SECRET_VALUE);
    }

    @Test
    void historyNamesTheKeysEachRevisionChangedAndItsCauseAndNeverASecretValue() throws Exception {
        // Given: deploy A=1 (1), an edit to A=2 the controller rolls out (2), a deploy of a new password (3), and a
        // rollback to 2, whose ReplicaSet comes back as revision 4
        succeeds(cli.run(deployArgs(withA("1"))));
        try (var watcher = watcher(cluster)) {
            editConfigMap("A", "2");
            awaitRevisionComplete(2);
        }
        succeeds(cli.run("deploy", "--manifests", withA("2").toString(), "--secret-env-file",
                secretEnv(OTHER_PASSWORD).toString(), "--timeout", "60s"));
        awaitRevisionComplete(3);
        succeeds(cli.run("rollback", "--timeout", "20s"));
        awaitRevisionComplete(4);

        // When
        var text = cli.run("history");
        var json = cli.run("history", "-o", "json");

        // Then
        succeeds(text);
        assertThat(text.out()).contains("CHANGED");
        assertThat(HistoryCommandTest.appRows(text)).satisfiesExactly(
                row -> assertThat(row).startsWith("4 ").contains("Secret MYSQL_PASSWD", "rollback to revision 2"),
                // against revision 1, the next older one kept: revision 2 is now 4, as kubectl shows it
                row -> assertThat(row).startsWith("3 ").contains("ConfigMap A,Secret MYSQL_PASSWD").endsWith("deploy"),
                row -> assertThat(row).startsWith("1 ").contains(" - ").endsWith("deploy"));
        succeeds(json);
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("app");
        assertThat(report.get(0).get("changed").toString()).isEqualTo("[\"Secret MYSQL_PASSWD\"]");
        assertThat(report.get(1).get("changed").toString()).isEqualTo("[\"ConfigMap A\",\"Secret MYSQL_PASSWD\"]");
        assertThat(report.get(2).has("changed")).as("the oldest kept revision has nothing to compare with").isFalse();
        for (var value : List.of(OTHER_PASSWORD, Cli.SECRET_VALUE, b64(OTHER_PASSWORD), b64(Cli.SECRET_VALUE))) {
            assertThat(text.all() + json.all()).doesNotContain(value);
        }
    }

    @Test
    void aConfigEditShowsAsTheConfigMapKeyItChangedWithTheConfigChangeCause() throws Exception {
        succeeds(cli.run(deployArgs(withA("1"))));
        try (var watcher = watcher(cluster)) {
            editConfigMap("A", "2");
            awaitRevisionComplete(2);
        }

        var text = cli.run("history");

        assertThat(HistoryCommandTest.appRows(text)).satisfiesExactly(
                row -> assertThat(row).startsWith("2 ").contains("ConfigMap A", "config change: "),
                row -> assertThat(row).startsWith("1 ").endsWith("deploy"));
    }

    /**
     * The controller's restart as the admission policy judges it: the Deployment controller's own write (the revision)
     * set aside, and the strategy the real API server defaults (the mock stores none) filled in on both sides.
     */
    static List<String> admittedForTheController(Deployment deployed, Deployment after) {
        var before = io.fabric8.kubernetes.client.utils.Serialization.clone(deployed);
        var restarted = io.fabric8.kubernetes.client.utils.Serialization.clone(after);
        restarted.getMetadata().getAnnotations().put(DesiredState.REVISION,
                before.getMetadata().getAnnotations().get(DesiredState.REVISION));
        for (var deployment : List.of(before, restarted)) {
            if (deployment.getSpec().getStrategy() == null) {
                deployment.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                        .withType("RollingUpdate").build());
            }
        }
        return io.myblog.kubernetes.AdmissionPolicyEvaluator.update(io.myblog.deploy.manifest.AdmissionShape.policy(NS),
                before, restarted, "system:serviceaccount:" + NS + ":myblog-controller").refusals();
    }

    static ConfigReloader watcher(FakeCluster cluster) {
        var watcher = new ConfigReloader(cluster.api.newClient(), new ConfigReloader.Options(NS, "myblog", "pod-a",
                Duration.ofMillis(200), Duration.ofSeconds(5), "myblog-config-reload", Duration.ofSeconds(6),
                Duration.ofSeconds(4), Duration.ofMillis(250)), new ReloadMetrics(new SimpleMeterRegistry()));
        watcher.start();
        await().atMost(BOUND).until(() -> watcher.isLeader() && watcher.state() == ReloadState.WATCHING);
        return watcher;
    }

    /** What the running pods of the current revision read from their ConfigMap snapshot: key A. */
    private List<Map.Entry<String, String>> podsRead() {
        return client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", "myblog").list().getItems().stream()
                .map(pod -> configMap(configMapRef(pod.getSpec())).getData().get("A")).filter(Objects::nonNull)
                .map(value -> Map.entry("A", value)).toList();
    }

    private void awaitRevisionComplete(long revision) {
        awaitRevisionComplete(client, revision, ConfigSnapshotsTest::configMapRef);
    }

    /** Until {@code revision} runs on all its pods, each of which {@code reads} the same snapshot as the template. */
    static void awaitRevisionComplete(KubernetesClient client, long revision, Function<PodSpec, String> reads) {
        await().atMost(BOUND).until(() -> {
            var deployment = client.apps().deployments().inNamespace(NS).withName("myblog").get();
            var status = deployment.getStatus();
            var pods = client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", "myblog").list().getItems();
            return DesiredState.revisionOf(deployment) == revision && status != null
                    && Objects.equals(status.getUpdatedReplicas(), deployment.getSpec().getReplicas())
                    && Objects.equals(status.getReadyReplicas(), deployment.getSpec().getReplicas())
                    && pods.size() == deployment.getSpec().getReplicas()
                    && pods.stream().allMatch(p -> reads.apply(p.getSpec())
                            .equals(reads.apply(deployment.getSpec().getTemplate().getSpec())));
        });
    }

    private void editConfigMap(String key, String value) {
        client.configMaps().inNamespace(NS).withName("myblog").edit(cm -> {
            var data = new HashMap<>(cm.getData());
            data.put(key, value);
            cm.setData(data);
            return cm;
        });
    }

    private List<ConfigMap> snapshotConfigMaps() {
        return client.configMaps().inNamespace(NS).withLabels(ConfigSnapshot.labels("myblog")).list().getItems();
    }

    private ConfigMap configMap(String name) {
        return client.configMaps().inNamespace(NS).withName(name).get();
    }

    private Secret secret(String name) {
        return client.secrets().inNamespace(NS).withName(name).get();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName("myblog").get();
    }

    static String configMapRef(PodSpec pod) {
        return pod.getContainers().get(0).getEnvFrom().stream().map(EnvFromSource::getConfigMapRef)
                .filter(Objects::nonNull).findFirst().orElseThrow().getName();
    }

    static String secretRef(PodSpec pod) {
        return pod.getContainers().get(0).getEnvFrom().stream().map(EnvFromSource::getSecretRef)
                .filter(Objects::nonNull).findFirst().orElseThrow().getName();
    }

    static String[] deployArgs(Path manifests, String... extra) throws IOException {
        var args = new java.util.ArrayList<>(List.of("deploy", "--manifests", manifests.toString(), "--secret-env-file",
                Cli.SECRET_ENV, "--timeout", "60s"));
        var rest = List.of(extra);
        if (rest.size() >= 2 && !rest.get(0).startsWith("--")) {
            // a further replacement in the manifests: from, to
            var text = Files.readString(manifests).replace(rest.get(0), rest.get(1));
            Files.writeString(manifests, text);
            rest = rest.subList(2, rest.size());
        }
        args.addAll(rest);
        return args.toArray(String[]::new);
    }

    /** The fixture manifests with key A in ConfigMap myblog. */
    static Path withA(String value) throws IOException {
        var text = Files.readString(Path.of(Cli.MANIFESTS));
        assertThat(text).contains("  MYSQL_PORT: \"3306\"\n");
        var file = Files.createTempFile("manifests", ".yml");
        Files.writeString(file, text.replace("  MYSQL_PORT: \"3306\"\n", "  MYSQL_PORT: \"3306\"\n  A: \"" + value + "\"\n"));
        return file;
    }

    static Path secretEnv(String password) throws IOException {
        var file = Files.createTempFile("secret", ".env");
        Files.writeString(file, Files.readString(Path.of(Cli.SECRET_ENV)).replace(Cli.SECRET_VALUE, password));
        return file;
    }

    static String b64(String value) {
        return java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static void succeeds(Cli.Run run) {
        assertThat(run.exitCode()).as(run.all()).isZero();
    }
}
