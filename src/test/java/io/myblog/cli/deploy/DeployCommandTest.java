package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.myblog.shared.ConsumedConfig;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.myblog.shared.ConfigHash;

class DeployCommandTest {

    private static final String GOOD_IMAGE = "registry.example/myblog:1.0.0";
    private static final String NEXT_IMAGE = "registry.example/myblog:1.1.0";

    // JUnit makes a new instance, and so a new cluster, for every test.
    private final FakeCluster cluster = new FakeCluster();
    private final ApiServerMock api = cluster.api;
    private final FakeControllers controllers = cluster.controllers;
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void deploysTheWholeStackInOrderAndWaitsForMysqlBeforeTheApp() {
        controllers.databaseStartsAfter(Duration.ofMillis(300));

        var run = cli.deploy();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(api.journal()).containsSubsequence("apply Namespace/jds", "apply ConfigMap/myblog",
                "apply Secret/myblog", "apply StatefulSet/mysql", "ready StatefulSet/mysql",
                "apply ServiceAccount/myblog", "apply Role/myblog", "apply RoleBinding/myblog",
                "apply Deployment/myblog", "apply Service/myblog", "apply Ingress/myblog");
        assertThat(api.journal().indexOf("apply Service/mysql")).isLessThan(api.journal().indexOf("ready StatefulSet/mysql"));
        assertThat(run.out()).contains("Deployment jds/myblog created", "waiting for StatefulSet mysql to be ready",
                "mysql: 1/1 ready", "myblog: 2/2 updated, 2/2 ready, 2/2 available",
                "deploy complete: Deployment myblog rolled out (revision 1)");
        assertThat(client.secrets().inNamespace("jds").withName("myblog").get().getData())
                .containsOnlyKeys("MYSQL_USER", "MYSQL_PASSWD", "MYSQL_DATABASE", TokenKey.KEY);
    }

    @Test
    void createsTheTokenSigningKeyOnceAndNeverPrintsIt() {
        // Given a first deploy from an env file that names no token key
        var first = cli.deploy();
        assertThat(first.exitCode()).as(first.all()).isZero();
        var key = tokenKey();
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);

        // When it deploys again, and again without the env file
        var second = cli.deploy();
        var third = cli.run("deploy", "--manifests", Cli.MANIFESTS, "--timeout", "10s");

        // Then the key stays the one created first, and no output ever shows it
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(third.exitCode()).as(third.all()).isZero();
        assertThat(tokenKey()).isEqualTo(key);
        assertThat(first.all() + second.all() + third.all()).doesNotContain(key);
    }

    @Test
    void addsTheTokenSigningKeyToALiveSecretThatHasNoneAndKeepsItsOtherEntries() {
        // Given a Secret made by hand (kubectl create secret) without the key
        client.namespaces().resource(DesiredState.desiredNamespace("jds")).create();
        client.secrets().resource(DesiredSecrets.app("jds", java.util.Map.of("MYSQL_USER", "myblog",
                "MYSQL_PASSWD", Cli.SECRET_VALUE))).create();

        // When deploy runs without an env file
        var run = cli.run("deploy", "--manifests", Cli.MANIFESTS, "--timeout", "10s");

        // Then the key is added, announced without its value, and the user's entries are untouched
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Secret jds/myblog: MYBLOG_TOKEN_KEY created");
        assertThat(client.secrets().inNamespace("jds").withName("myblog").get().getData())
                .containsOnlyKeys("MYSQL_USER", "MYSQL_PASSWD", "MYSQL_DATABASE", TokenKey.KEY);
        assertThat(run.all()).doesNotContain(tokenKey()).doesNotContain(Cli.SECRET_VALUE);
    }

    private String tokenKey() {
        var encoded = client.secrets().inNamespace("jds").withName("myblog").get().getData().get(TokenKey.KEY);
        return new String(Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void secondIdenticalDeployChangesNothingAndStartsNoRollout() {
        // Given a completed deploy
        assertThat(cli.deploy().exitCode()).isZero();
        var generation = deployment().getMetadata().getGeneration();

        // When the same deploy runs again
        var run = cli.deploy();

        // Then every object is reported unchanged and no new revision appears
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).doesNotContain(" created", " configured");
        assertThat(run.out().lines().filter(l -> l.endsWith(" unchanged")).count()).isEqualTo(12);
        assertThat(deployment().getMetadata().getGeneration()).isEqualTo(generation);
        assertThat(client.apps().replicaSets().inNamespace("jds").list().getItems()).hasSize(1);
        assertThat(run.out()).contains("deploy complete: Deployment myblog rolled out (revision 1)");
    }

    @Test
    void followsARolloutToTheEndPrintingEachChange() {
        // Given revision 1 running
        assertThat(cli.deploy().exitCode()).isZero();

        // When a new image is deployed
        var run = cli.deploy("--image", NEXT_IMAGE);

        // Then the rollout is followed until the old pods are gone
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Deployment jds/myblog configured", "revision 2");
        assertThat(images(deployment())).containsExactly(NEXT_IMAGE);
        assertThat(client.pods().inNamespace("jds").withLabel("app.kubernetes.io/name", "myblog").list().getItems())
                .hasSize(2).allSatisfy(pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(NEXT_IMAGE));
    }

    @Test
    void setsTheConfigHashTheInClusterWatcherWillFindSoAFreshDeployRestartsNothing() {
        var run = cli.deploy();

        assertThat(run.exitCode()).as(run.all()).isZero();
        var live = deployment();
        var configMap = client.configMaps().inNamespace("jds").withName("myblog").get();
        var secret = client.secrets().inNamespace("jds").withName("myblog").get();
        var watcherWouldSee = ConsumedConfig.of(live, "myblog", "myblog").hash(configMap, secret);
        assertThat(live.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(ConfigHash.ANNOTATION, watcherWouldSee);
    }

    @Test
    void imagePullBackOffIsDiagnosedAndFailsFast() {
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.IMAGE_PULL_BACK_OFF);

        var run = cli.deploy("--image", NEXT_IMAGE, "--timeout", "60s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(run.out()).contains("NAME", "READY", "STATUS", "RESTARTS", "NODE", "ImagePullBackOff",
                "Back-off pulling image \"" + NEXT_IMAGE + "\"", "Warning events:", "Failed to pull image");
        assertThat(run.err()).contains("deploy failed", "ImagePullBackOff", "not rolled back: there is no previous revision");
    }

    @Test
    void crashLoopIsDiagnosedWithExitCodeAndTheLastTwentyLogLines() {
        // Given revision 1 running
        assertThat(cli.deploy().exitCode()).isZero();
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.CRASH_LOOP);

        var run = cli.deploy("--image", NEXT_IMAGE, "--no-rollback", "--timeout", "60s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(run.out()).contains("CrashLoopBackOff", "last exited with code 3", "last 20 log lines",
                "| log line 11", "| log line 30: MYSQL_HOST is not set", "BackOff: Back-off restarting failed container");
        assertThat(run.out()).doesNotContain("| log line 10\n");
        assertThat(run.err()).contains("not rolled back (--no-rollback)");
        assertThat(images(deployment())).containsExactly(NEXT_IMAGE);
    }

    @Test
    void createContainerConfigErrorIsDiagnosedAndFailsFast() {
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.CONFIG_ERROR);

        var run = cli.deploy("--image", NEXT_IMAGE, "--timeout", "60s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(run.out()).contains("CreateContainerConfigError", "couldn't find key MYSQL_PASSWD in Secret jds/myblog");
    }

    @Test
    void unschedulablePodIsDiagnosedAndFailsFast() {
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.UNSCHEDULABLE);

        var run = cli.deploy("--image", NEXT_IMAGE, "--timeout", "60s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(run.out()).contains("FailedScheduling", "Pending", "<none>",
                "didn't match Pod's node affinity/selector");
        assertThat(run.err()).contains("FailedScheduling");
    }

    @Test
    void rolloutThatNeverBecomesReadyTimesOutSayingWhatItWaitedFor() {
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.NEVER_READY);

        // long enough that the fake controllers have acted even on a loaded machine: the count is what is asserted
        var run = cli.deploy("--image", NEXT_IMAGE, "--timeout", "8s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.took()).isLessThanOrEqualTo(Duration.ofSeconds(8));
        assertThat(run.err()).contains("waiting for Deployment myblog to roll out",
                "last seen: myblog: 2/2 updated, 0/2 ready");
    }

    @Test
    void failedRolloutIsRolledBackToThePreviousPodTemplate() {
        // Given revision 1 running
        assertThat(cli.deploy().exitCode()).isZero();
        var template = deployment().getSpec().getTemplate();
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.CRASH_LOOP);

        // When a crashing image is deployed
        var run = cli.deploy("--image", NEXT_IMAGE, "--timeout", "60s");

        // Then the previous template is back, rolled out, and the command says so
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("rolling Deployment myblog back to revision 1");
        assertThat(run.err()).contains("deploy failed", "rolled back: Deployment myblog rolled out (revision 3)");
        assertThat(deployment().getSpec().getTemplate()).isEqualTo(template);
        assertThat(images(deployment())).containsExactly(GOOD_IMAGE);
    }

    @Test
    void dryRunPrintsParseableYamlOnStdoutMessagesOnStderrAndContactsNoCluster() {
        var run = cli.deploy("--dry-run");

        assertThat(run.exitCode()).as(run.all()).isZero();
        var objects = Manifests.parse(run.out(), "stdout");
        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .contains("Namespace/jds", "Secret/myblog", "Secret/mysql-root", "StatefulSet/mysql", "Deployment/myblog");
        assertThat(objects).filteredOn(o -> o instanceof Secret).allSatisfy(secret -> {
            assertThat(((Secret) secret).getData()).isNullOrEmpty();
            assertThat(((Secret) secret).getStringData()).isNotEmpty().containsValue(DesiredState.REDACTED);
        });
        assertThat(run.err()).contains("dry run", "no cluster contacted", "Deployment jds/myblog");
        assertSecretAbsent(run);
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void secretValuesAppearInNoOutputOfAnyCommand() {
        controllers.behave(NEXT_IMAGE, FakeControllers.Behaviour.CRASH_LOOP);

        var runs = List.of(cli.deploy(), cli.deploy("--image", NEXT_IMAGE), cli.run("status"),
                cli.run("status", "-o", "json"), cli.deploy("--dry-run"), cli.run("undeploy", "--manifests", Cli.MANIFESTS));

        runs.forEach(DeployCommandTest::assertSecretAbsent);
    }

    @Test
    void malformedEnvFileLineIsNamedWithFileAndLine() {
        var run = cli.run("deploy", "--manifests", Cli.MANIFESTS, "--secret-env-file", Cli.FIXTURES + "malformed.env");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(Cli.FIXTURES + "malformed.env:2: expected KEY=value");
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void missingManifestsAreBadInput() {
        var run = cli.run("deploy", "--manifests", "no/such/kubernetes.yml", "--secret-env-file", Cli.SECRET_ENV);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read manifests no/such/kubernetes.yml: no such file");
    }

    private static void assertSecretAbsent(Cli.Run run) {
        var base64 = java.util.Base64.getEncoder().encodeToString(Cli.SECRET_VALUE.getBytes());
        assertThat(run.all()).doesNotContain(Cli.SECRET_VALUE, base64, "blogger");
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("jds").withName("myblog").get();
    }

    private static List<String> images(Deployment deployment) {
        return FakeControllers.images(deployment);
    }
}
