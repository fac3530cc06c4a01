package io.myblog.controller;

import static io.myblog.controller.ReloadCluster.NAME;
import static io.myblog.controller.ReloadCluster.NAMESPACE;
import static io.myblog.controller.ReloadCluster.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.DeployInProgressMark;
import io.myblog.shared.ReloadState;
import io.myblog.shared.ReloadStatus;
import io.myblog.support.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigReloaderTest {

    private static final Duration DEBOUNCE = Duration.ofMillis(400);
    /** Long enough past the debounce window that a patch that was going to happen would have happened. */
    private static final Duration QUIET = DEBOUNCE.multipliedBy(3);
    private static final Duration BOUND = Duration.ofSeconds(10);

    private ReloadCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new ReloadCluster();
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void configMapEditPatchesTheTemplateOnceWithTheNewHash() {
        // Given
        cluster.withDeployedApp();
        var deployedHash = cluster.templateHash();
        var reloader = leaderWatching("pod-a");

        // When
        cluster.editConfigMap("MYSQL_HOST", "mysql-2");

        // Then
        await().atMost(BOUND).until(() -> cluster.templatePatches.size() == 1);
        assertThat(cluster.templateHash()).isEqualTo(cluster.liveHash()).isNotEqualTo(deployedHash);
        await().during(QUIET).atMost(QUIET.plus(BOUND)).until(() -> cluster.templatePatches.size() == 1);
        var event = await().atMost(BOUND).until(() -> cluster.events(ReloadEvents.NORMAL), events -> !events.isEmpty()).get(0);
        assertThat(event.getReason()).isEqualTo(ReloadEvents.CONFIG_CHANGED);
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");
        assertThat(event.getMessage()).contains("ConfigMap myblog changed", deployedHash, cluster.templateHash())
                .doesNotContain("mysql-2");
        var status = cluster.reloadStatus();
        assertThat(status.state()).isEqualTo("watching");
        assertThat(status.lastRestart()).hasValueSatisfying(reason -> assertThat(reason).contains("ConfigMap myblog changed"));
        assertThat(reloader.isLeader()).isTrue();
    }

    @Test
    void secretEditPatchesTheTemplateOnceWithTheNewHashAndNeverShowsTheValue() {
        cluster.withDeployedApp();
        try (var log = new LogCapture(ConfigReloader.class)) {
            leaderWatching("pod-a");

            cluster.editSecret("MYSQL_PASSWD", "an0ther-Passw0rd");

            await().atMost(BOUND).until(() -> cluster.templatePatches.size() == 1);
            assertThat(cluster.templateHash()).isEqualTo(cluster.liveHash());
            await().during(QUIET).atMost(QUIET.plus(BOUND)).until(() -> cluster.templatePatches.size() == 1);
            assertThat(log.all()).anySatisfy(line -> assertThat(line.message()).contains("Secret myblog changed"))
                    .noneSatisfy(line -> assertThat(line.message()).containsAnyOf(PASSWORD, "an0ther-Passw0rd",
                            ReloadCluster.b64("an0ther-Passw0rd")));
            assertThat(cluster.events(ReloadEvents.NORMAL)).singleElement()
                    .satisfies(event -> assertThat(event.getMessage()).contains("Secret myblog changed")
                            .doesNotContain("an0ther-Passw0rd"));
        }
    }

    @Test
    void threeEditsInsideTheWindowCauseOnePatch() {
        cluster.withDeployedApp();
        leaderWatching("pod-a");

        cluster.editConfigMap("MYSQL_HOST", "mysql-2");
        cluster.editSecret("MYSQL_USER", "blogger");
        cluster.editConfigMap("MYSQL_PORT", "3307");

        await().atMost(BOUND).until(() -> cluster.templatePatches.size() == 1);
        await().during(QUIET).atMost(QUIET.plus(BOUND)).until(() -> cluster.templatePatches.size() == 1);
        assertThat(cluster.templateHash()).isEqualTo(cluster.liveHash());
        assertThat(cluster.events(ReloadEvents.NORMAL)).singleElement()
                .satisfies(event -> assertThat(event.getMessage()).contains("ConfigMap myblog and Secret myblog changed"));
    }

    @Test
    void editsThatNeverPauseStillRollOutWithinTheMaximumWait() {
        // Given a watcher whose maximum wait is a few debounce windows
        cluster.withDeployedApp();
        var maxWait = DEBOUNCE.multipliedBy(5);
        var reloader = cluster.startReloader("pod-a", DEBOUNCE, maxWait, new ReloadMetrics(new SimpleMeterRegistry()));
        await().atMost(BOUND).until(() -> reloader.isLeader() && reloader.state() == ReloadState.WATCHING);
        var editor = Executors.newSingleThreadScheduledExecutor();
        var edits = new AtomicInteger();
        try {
            // When edits keep arriving closer together than the debounce window
            editor.scheduleWithFixedDelay(() -> cluster.editConfigMap("MYSQL_HOST", "mysql-" + edits.incrementAndGet()),
                    0, DEBOUNCE.toMillis() / 4, TimeUnit.MILLISECONDS);

            // Then a rollout starts anyway, bounded by the maximum wait (plus a slow machine's slack)
            await().atMost(maxWait.plus(BOUND)).until(() -> cluster.templatePatches.size() >= 1);
            assertThat(edits.get()).as("edits kept coming the whole time").isGreaterThan(
                    (int) (maxWait.toMillis() / (DEBOUNCE.toMillis() / 4)) / 2);
        } finally {
            editor.shutdownNow();
        }
    }

    @Test
    void twoEditsFurtherApartThanTheWindowCauseTwoPatches() {
        cluster.withDeployedApp();
        leaderWatching("pod-a");

        cluster.editConfigMap("MYSQL_HOST", "mysql-2");
        await().atMost(BOUND).until(() -> cluster.templatePatches.size() == 1);
        await().during(QUIET).atMost(QUIET.plus(BOUND)).until(() -> cluster.templatePatches.size() == 1);
        cluster.editConfigMap("MYSQL_HOST", "mysql-3");

        await().atMost(BOUND).until(() -> cluster.templatePatches.size() == 2);
        assertThat(cluster.templateHash()).isEqualTo(cluster.liveHash());
    }

    @Test
    void holdsTheRestartWhileADeployIsInProgressAndCatchesUpAfterwards() {
        // Given a deploy that marked the Deployment
        cluster.withDeployedApp();
        mark(Instant.now().plus(Duration.ofMinutes(5)).toString());
        leaderWatching("pod-a");

        // When its new configuration arrives
        cluster.editConfigMap("MYSQL_HOST", "mysql-2");

        // Then nothing restarts until the mark is gone
        await().during(QUIET).atMost(QUIET.plus(BOUND)).until(() -> cluster.templatePatches.isEmpty());
        mark(null);
        await().atMost(BOUND).until(() -> cluster.templatePatches.size() == 1);
    }

    private void mark(String until) {
        cluster.client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + DeployInProgressMark.ANNOTATION + "\":"
                        + (until == null ? "null" : "\"" + until + "\"") + "}}}");
    }

    @Test
    void withTwoReplicasOnlyTheLeaderPatches() {
        // Given two replicas, one of which holds the Lease
        cluster.withDeployedApp();
        var a = cluster.startReloader("pod-a", DEBOUNCE);
        var b = cluster.startReloader("pod-b", DEBOUNCE);
        await().atMost(BOUND).until(() -> a.isLeader() || b.isLeader());
        await().atMost(BOUND).until(() -> a.state() == ReloadState.WATCHING && b.state() == ReloadState.WATCHING);
        var leader = a.isLeader() ? a : b;
        assertThat(a.isLeader() && b.isLeader()).as("both lead").isFalse();

        // When
        cluster.editConfigMap("MYSQL_HOST", "mysql-2");

        // Then one patch, from the Lease holder
        await().atMost(BOUND).until(() -> cluster.templatePatches.size() == 1);
        await().during(QUIET).atMost(QUIET.plus(BOUND)).until(() -> cluster.templatePatches.size() == 1);
        var lease = cluster.client.leases().inNamespace(NAMESPACE).withName("myblog-config-reload").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.identity());
        assertThat(cluster.reloadStatus().reporter()).hasValue(leader.identity());
        assertThat(cluster.events(ReloadEvents.NORMAL)).singleElement()
                .satisfies(event -> assertThat(event.getReportingInstance()).isEqualTo(leader.identity()));
    }

    @Test
    void missingRequiredKeyHoldsTheRestartBackWithAWarningEventNamingTheKey() {
        cluster.withDeployedApp();
        leaderWatching("pod-a");

        cluster.editConfigMap("MYSQL_PORT", null);

        var warning = await().atMost(BOUND).until(() -> cluster.events(ReloadEvents.WARNING), events -> !events.isEmpty()).get(0);
        assertThat(warning.getReason()).isEqualTo(ReloadEvents.CONFIG_INCOMPLETE);
        assertThat(warning.getMessage()).contains("key MYSQL_PORT is missing from ConfigMap myblog");
        await().during(QUIET).atMost(QUIET.plus(BOUND)).until(() -> cluster.templatePatches.isEmpty());
        assertThat(cluster.reloadStatus().detail()).contains("MYSQL_PORT");
    }

    @Test
    void deletedConfigMapHoldsTheRestartBack() {
        cluster.withDeployedApp();
        leaderWatching("pod-a");

        cluster.client.configMaps().inNamespace(NAMESPACE).withName(NAME).delete();

        var warning = await().atMost(BOUND).until(() -> cluster.events(ReloadEvents.WARNING), events -> !events.isEmpty()).get(0);
        assertThat(warning.getMessage()).contains("ConfigMap myblog is missing");
        await().during(QUIET).atMost(QUIET.plus(BOUND)).until(() -> cluster.templatePatches.isEmpty());
    }

    @Test
    void restartsOnceTheBrokenConfigurationIsRepaired() {
        cluster.withDeployedApp();
        leaderWatching("pod-a");
        cluster.editConfigMap("MYSQL_PORT", null);
        await().atMost(BOUND).until(() -> !cluster.events(ReloadEvents.WARNING).isEmpty());

        cluster.editConfigMap("MYSQL_PORT", "3307");

        await().atMost(BOUND).until(() -> cluster.templatePatches.size() == 1);
        assertThat(cluster.templateHash()).isEqualTo(cluster.liveHash());
    }

    @Test
    void forbiddenWatchIsLoggedAsErrorOnceAndShownAsDenied() {
        // Given RBAC that refuses ConfigMaps
        cluster.withDeployedApp();
        cluster.denied.add("/configmaps");
        var registry = new SimpleMeterRegistry();
        try (var log = new LogCapture(ConfigReloader.class)) {

            // When
            var reloader = cluster.startReloader("pod-a", DEBOUNCE, new ReloadMetrics(registry));

            // Then
            await().atMost(BOUND).until(() -> reloader.state() == ReloadState.DENIED && reloader.isLeader());
            await().atMost(BOUND).until(() -> "denied".equals(cluster.reloadStatus().state()));
            await().during(QUIET).atMost(QUIET.plus(BOUND)).until(() -> log.at(Level.SEVERE).size() == 1);
            assertThat(log.at(Level.SEVERE).get(0).message()).contains("'list' on configmaps");
            assertThat(cluster.reloadStatus().detail()).contains("list configmaps");
            assertThat(registry.get("myblog.config.reload.state").tag("state", "denied").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("myblog.config.reload.denied").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void watchesAgainOnceRbacAllowsIt() {
        cluster.withDeployedApp();
        cluster.denied.add("/configmaps");
        var reloader = cluster.startReloader("pod-a", DEBOUNCE);
        await().atMost(BOUND).until(() -> reloader.state() == ReloadState.DENIED);

        cluster.denied.clear();

        await().atMost(Duration.ofSeconds(20)).until(() -> reloader.state() == ReloadState.WATCHING);
    }

    @Test
    void deploymentWithoutTheHashAnnotationIsNotRestartedAtStart() {
        cluster.withDeployedApp();
        cluster.client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).edit(deployment -> {
            deployment.getSpec().getTemplate().getMetadata().getAnnotations().remove(ConfigHash.ANNOTATION);
            return deployment;
        });
        leaderWatching("pod-a");

        await().during(QUIET).atMost(QUIET.plus(BOUND)).until(() -> cluster.templatePatches.isEmpty());
    }

    private ConfigReloader leaderWatching(String identity) {
        var reloader = cluster.startReloader(identity, DEBOUNCE);
        await().atMost(BOUND).until(() -> reloader.isLeader() && reloader.state() == ReloadState.WATCHING);
        return reloader;
    }
}
