package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** logs: every myblog pod's lines, each prefixed with its pod; --tail, --since, --previous; -f picks up new pods. */
class LogsCommandTest {

    private static final String NS = FakeControllers.NAMESPACE;

    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;
    private String first;
    private String second;

    @BeforeEach
    void deployTwoPods() {
        var deployed = cli.deploy();
        assertThat(deployed.exitCode()).as(deployed.all()).isZero();
        var pods = appPods();
        first = pods.get(0);
        second = pods.get(1);
        cluster.api.logs.write(first, Instant.now().minus(Duration.ofMinutes(30)), "first old");
        cluster.api.logs.write(first, "first a\nfirst b\nfirst c");
        cluster.api.logs.write(second, "second a\nsecond b");
        cluster.api.logs.writePrevious(second, "second crashed: MYSQL_HOST is not set");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void logsPrefixEachLineWithItsPod() {
        var run = cli.run("logs");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "[pod/" + first + "/myblog] first old", "[pod/" + first + "/myblog] first a",
                "[pod/" + first + "/myblog] first b", "[pod/" + first + "/myblog] first c",
                "[pod/" + second + "/myblog] second a", "[pod/" + second + "/myblog] second b");
    }

    @Test
    void tailKeepsTheLastLinesOfEachPod() {
        var run = cli.run("logs", "--tail", "1");

        assertThat(run.out().lines()).containsExactly("[pod/" + first + "/myblog] first c",
                "[pod/" + second + "/myblog] second b");
    }

    @Test
    void sinceDropsOlderLines() {
        var run = cli.run("logs", "--since", "10m");

        assertThat(run.out()).contains("first a").doesNotContain("first old");
    }

    @Test
    void previousShowsTheCrashedInstanceAndSaysWhichPodsHaveNone() {
        var run = cli.run("logs", "--previous");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out().lines()).containsExactly("[pod/" + second + "/myblog] second crashed: MYSQL_HOST is not set");
        assertThat(run.err()).contains("[pod/" + first + "/myblog] no previous log");
    }

    @Test
    void followPicksUpAPodCreatedDuringTheStreamAndEndsWhenThePodsAreGone() {
        // Given the controllers stopped, so the test alone decides which pods come and go
        cluster.controllers.close();
        var following = CompletableFuture.supplyAsync(() -> cli.run("logs", "-f"));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.api.logs.asked(second));

        // When a pod of a new revision starts and writes, then every pod goes away
        var joining = "myblog-new-0";
        cluster.api.logs.write(joining, "joined line");
        client.resource(runningPodLike(first, joining)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.api.logs.asked(joining));
        assertThat(following).isNotDone();
        client.pods().inNamespace(NS).delete();

        // Then the stream had every pod's lines, prefixed, and ended on its own
        var run = following.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("[pod/" + first + "/myblog] first c", "[pod/" + second + "/myblog] second b",
                "[pod/" + joining + "/myblog] joined line");
    }

    private java.util.List<String> appPods() {
        return client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", "myblog").list().getItems().stream()
                .map(p -> p.getMetadata().getName()).sorted().toList();
    }

    private Pod runningPodLike(String existing, String name) {
        var pod = client.pods().inNamespace(NS).withName(existing).get();
        return new PodBuilder(pod).editMetadata().withName(name).withUid(null).withResourceVersion(null).endMetadata()
                .build();
    }
}
