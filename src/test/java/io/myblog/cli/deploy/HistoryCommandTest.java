package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.myblog.controller.ConfigReloader;
import io.myblog.controller.ReloadMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.myblog.shared.ConfigHash;

/** history after deploy, restart, config change and rollback: each revision with its cause, image and config hash. */
class HistoryCommandTest {

    private static final String FIRST_IMAGE = "registry.example/myblog:1.0.0";
    private static final String NEXT_IMAGE = "registry.example/myblog:1.1.0";
    private static final String NS = FakeControllers.NAMESPACE;

    private final FakeCluster cluster = new FakeCluster();
    private final Cli cli = cluster.cli;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void historyListsEachRevisionWithItsCauseImageAndConfigHashNewestFirst() throws Exception {
        // Given: deploy (1), restart (2), deploy of a new image (3), a config change the watcher rolls out (4),
        // and a rollback to the previous revision, for which the controller reuses revision 3's ReplicaSet as 5
        succeeds(cli.deploy());
        var firstHash = templateHash();
        succeeds(cli.run("restart", "--timeout", "10s"));
        succeeds(cli.deploy("--image", NEXT_IMAGE));
        changeConfigThroughTheWatcher();
        var changedHash = templateHash();
        succeeds(cli.run("rollback", "--timeout", "10s"));

        // When
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.run("history").out().contains("rollback to revision 3"));
        var text = cli.run("history");
        var json = cli.run("history", "-o", "json");

        // Then
        assertThat(text.exitCode()).as(text.all()).isZero();
        var lines = text.out().lines().toList();
        assertThat(lines.get(0)).as("the cluster it read").startsWith("context ").contains("namespace " + NS);
        assertThat(lines.get(1)).isEqualTo("Deployment myblog");
        assertThat(lines.get(2)).startsWith("REVISION").contains("TIME", "IMAGE", "CONFIG HASH", "CAUSE");
        // These fixtures hold no controller: its section says so, apart from the app's
        assertThat(lines.subList(lines.size() - 2, lines.size()))
                .containsExactly("", "Deployment myblog-controller: not deployed");
        assertThat(appRows(text)).satisfiesExactly(
                line -> assertThat(line).startsWith("5 ").contains(NEXT_IMAGE, firstHash.substring(0, 12),
                        "rollback to revision 3"),
                line -> assertThat(line).startsWith("4 ").contains(NEXT_IMAGE, changedHash.substring(0, 12),
                        "config change: "),
                line -> assertThat(line).startsWith("2 ").contains(FIRST_IMAGE, firstHash.substring(0, 12), "restart"),
                line -> assertThat(line).startsWith("1 ").contains(FIRST_IMAGE, firstHash.substring(0, 12), "deploy"));

        assertThat(json.exitCode()).as(json.all()).isZero();
        Map<String, List<Map<String, Object>>> report = new ObjectMapper().readValue(json.out(), new TypeReference<>() { });
        assertThat(report.get("controller")).isEmpty();
        var revisions = report.get("app");
        assertThat(revisions).extracting(r -> r.get("revision")).containsExactly(5, 4, 2, 1);
        assertThat(revisions).extracting(r -> r.get("image")).containsExactly(NEXT_IMAGE, NEXT_IMAGE, FIRST_IMAGE,
                FIRST_IMAGE);
        assertThat(revisions).extracting(r -> r.get("configHash")).containsExactly(firstHash, changedHash, firstHash,
                firstHash);
        assertThat(revisions).extracting(r -> (String) r.get("cause")).satisfiesExactly(
                c -> assertThat(c).isEqualTo("rollback to revision 3"),
                c -> assertThat(c).startsWith("config change: ").contains(changedHash),
                c -> assertThat(c).isEqualTo("restart"),
                c -> assertThat(c).isEqualTo("deploy"));
        assertThat(revisions).allSatisfy(r -> assertThat(r.get("time")).isNotNull());
    }

    @Test
    void aDeployThatChangesNothingAddsNoRevisionAndKeepsTheCause() {
        succeeds(cli.deploy());
        succeeds(cli.run("restart", "--timeout", "10s"));

        succeeds(cli.deploy());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(appRows(cli.run("history")))
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("2 ").endsWith("restart"),
                        line -> assertThat(line).startsWith("1 ").endsWith("deploy")));
    }

    @Test
    void historyOfANamespaceWithoutTheAppSaysSo() {
        var run = cli.run("history");

        assertThat(run.exitCode()).isEqualTo(DeployFailure.ROLLOUT_FAILED);
        assertThat(run.err()).contains("Deployment myblog does not exist in namespace jds");
    }

    /** The in-cluster watcher, started against the same API server, sees a ConfigMap edit and restarts the pods. */
    private void changeConfigThroughTheWatcher() {
        var before = templateHash();
        try (var client = cluster.api.newClient();
                var reloader = new ConfigReloader(client, new ConfigReloader.Options(NS, "myblog", "watcher-1",
                        Duration.ofMillis(100), Duration.ofSeconds(5), "myblog-config-reload", Duration.ofSeconds(6), Duration.ofSeconds(4),
                        Duration.ofMillis(250)), new ReloadMetrics(new SimpleMeterRegistry()))) {
            reloader.start();
            await().atMost(Duration.ofSeconds(10)).until(reloader::isLeader);
            cluster.client.configMaps().inNamespace(NS).withName("myblog").edit(cm -> {
                var data = new HashMap<>(cm.getData());
                data.put("MYSQL_PORT", "3307");
                cm.setData(data);
                return cm;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> !templateHash().equals(before));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.run("status").out()
                .contains("Deployment myblog: revision 4, 2/2 updated, 2/2 ready"));
    }

    /** The rows of the app's table: after its header, up to the blank line before the controller's section. */
    static List<String> appRows(Cli.Run history) {
        var lines = history.out().lines().toList();
        var rows = lines.subList(lines.indexOf("Deployment myblog") + 2, lines.size());
        return rows.subList(0, rows.indexOf(""));
    }

    private String templateHash() {
        return cluster.client.apps().deployments().inNamespace(NS).withName("myblog").get().getSpec().getTemplate()
                .getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
    }

    private static void succeeds(Cli.Run run) {
        assertThat(run.exitCode()).as(run.all()).isZero();
    }
}
