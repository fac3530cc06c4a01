package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.myblog.cli.deploy.shape.ControllerNames;
import io.myblog.cli.deploy.shape.ExternalDatabase;
import io.myblog.cli.deploy.shape.StackShape;
import io.myblog.deploy.manifest.StrictModel;
import io.myblog.kubernetes.GeneratedManifest;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ConfigSnapshot;
import io.myblog.shared.ConsumedConfig;
import io.myblog.shared.ReloadStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deploy tests use fixtures; this one deploys what the build really generated, with the shipped example Secret. */
class GeneratedManifestDeployIT {

    private static final String SECRET_EXAMPLE = "deploy/secret.env.example";
    private static final String NEXT_IMAGE = "registry.example/myblog:1.1.0";
    private static final String TRUSTED_PROXIES = "MYBLOG_TRUSTED_PROXIES";

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
                "apply ServiceAccount/myblog", "apply Role/myblog-controller", "apply RoleBinding/myblog-controller",
                "apply Deployment/myblog", "apply Deployment/myblog-controller", "apply Ingress/myblog");
        // The app's Service may come before or after its Deployment; it comes after the RBAC and MySQL is ready.
        assertThat(cluster.api.journal()).containsSubsequence("ready StatefulSet/mysql", "apply RoleBinding/myblog-controller",
                "apply Service/myblog");
        // The NetworkPolicies as the build generated them, the controller's before its pods
        assertThat(cluster.api.journal()).containsSubsequence("apply NetworkPolicy/myblog-controller",
                "apply Deployment/myblog-controller");
        for (var name : List.of("myblog", "myblog-controller")) {
            var applied = cluster.client.network().networkPolicies().inNamespace("jds").withName(name).get();
            assertThat(applied.getSpec()).as(name).isEqualTo(GeneratedManifest.yaml().get(NetworkPolicy.class, name).getSpec());
        }
        var app = cluster.client.apps().deployments().inNamespace("jds").withName("myblog").get();
        var template = app.getSpec().getTemplate().getMetadata();
        assertThat(template.getAnnotations()).containsKey(ConfigHash.ANNOTATION);
        // The shipped CA volume reads the Secret snapshot the env reads, so a rollback brings back its CA too
        var pod = app.getSpec().getTemplate().getSpec();
        var envSecret = StackShape.appContainer(app).getEnv().stream().filter(e -> e.getName().equals("MYSQL_PASSWD"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getName();
        assertThat(ConfigSnapshot.isSnapshotOf("myblog", ConfigHash.Source.SECRET, envSecret)).as(envSecret).isTrue();
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getName().equals("mysql-ca")).singleElement()
                .satisfies(volume -> assertThat(volume.getSecret().getSecretName()).isEqualTo(envSecret));
        // MySQL's root password is in its own Secret, which the controller's Role cannot read: every rule that reads
        // Secrets names myblog; the one unnamed rule only creates (snapshots; RBAC cannot name what is created)
        var ns = cluster.client.secrets().inNamespace("jds");
        assertThat(ns.withName("myblog").get().getData()).doesNotContainKey(DesiredSecrets.ROOT_PASSWORD);
        assertThat(ns.withName(DesiredSecrets.ROOT).get().getData()).containsOnlyKeys(DesiredSecrets.ROOT_PASSWORD);
        var role = cluster.client.rbac().roles().inNamespace("jds").withName("myblog-controller").get();
        var secretRules = role.getRules().stream().filter(rule -> rule.getResources().contains("secrets")).toList();
        assertThat(secretRules).filteredOn(rule -> rule.getResourceNames().isEmpty())
                .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactly("create"));
        assertThat(secretRules).filteredOn(rule -> !rule.getVerbs().equals(List.of("create")))
                .isNotEmpty()
                .allSatisfy(rule -> assertThat(rule.getResourceNames()).containsExactly("myblog"));
        for (var line : Files.readAllLines(Path.of(SECRET_EXAMPLE))) {
            if (line.startsWith("MYSQL_") && line.contains("=") && line.contains("PASS")) {
                assertThat(run.all()).doesNotContain(line.substring(line.indexOf('=') + 1));
            }
        }
    }

    @Test
    void generatedStackWithAnExternalDatabaseAppliesNoMysqlAndItsDryRunIsStrictlyValid() {
        var external = List.of("deploy", "--manifests", Manifests.BUILD_OUTPUT.toString(), "--secret-env-file",
                SECRET_EXAMPLE, "--allow-example-values", "--timeout", "60s", "--mysql", "external", "--mysql-host",
                "db.internal.example", "--mysql-cidr", "10.20.0.0/16");
        var dryRun = new ArrayList<>(external);
        dryRun.add("--dry-run");

        var planned = cluster.cli.run(dryRun.toArray(String[]::new));
        var run = cluster.cli.run(external.toArray(String[]::new));

        assertThat(planned.exitCode()).as(planned.all()).isZero();
        assertThat(StrictModel.problems(planned.out())).isEmpty();
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(cluster.api.journal()).noneMatch(entry -> entry.contains("/mysql"))
                .containsSubsequence("apply ConfigMap/myblog", "apply NetworkPolicy/" + ExternalDatabase.POLICY,
                        "apply Deployment/myblog");
        // The generated init container waits for the ConfigMap's address (through its snapshot), so for the external
        // server, not a Service
        var init = cluster.client.apps().deployments().inNamespace("jds").withName("myblog").get().getSpec()
                .getTemplate().getSpec().getInitContainers();
        var refs = init.get(0).getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValueFrom().getConfigMapKeyRef()));
        assertThat(init).hasSize(1);
        assertThat(refs).containsKeys("MYSQL_HOST", "MYSQL_PORT");
        var snapshot = refs.get("MYSQL_HOST").getName();
        assertThat(ConfigSnapshot.isSnapshotOf("myblog", ConfigHash.Source.CONFIG_MAP, snapshot)).as(snapshot).isTrue();
        assertThat(refs.get("MYSQL_PORT").getName()).isEqualTo(snapshot);
        assertThat(cluster.client.configMaps().inNamespace("jds").withName(snapshot).get().getData())
                .containsEntry("MYSQL_HOST", "db.internal.example");
        assertThat(cluster.client.configMaps().inNamespace("jds").withName("myblog").get().getData())
                .containsEntry("MYSQL_HOST", "db.internal.example");
    }

    @Test
    void aKeyTheOperatorAddsToTheConfigMapStaysAndTheNextDeployHashesItAsTheControllerWill() {
        // Given the deployed stack, and the operator naming the ingress controller's pods as trusted proxies
        assertThat(deployGenerated("60s").exitCode()).isZero();
        var configMap = cluster.client.configMaps().inNamespace("jds").withName("myblog");
        configMap.edit(cm -> {
            var data = new TreeMap<>(cm.getData());
            data.put(TRUSTED_PROXIES, "10.244.0.0/16");
            cm.setData(data);
            return cm;
        });

        // When deploy runs again with the same manifests, which do not carry that key
        assertThat(deployGenerated("60s").exitCode()).isZero();

        // Then the key stays (another manager's field), and the pods' hash counts it as the controller does, so the
        // controller finds nothing to restart
        var live = configMap.get();
        assertThat(live.getData()).containsEntry(TRUSTED_PROXIES, "10.244.0.0/16");
        var deployment = cluster.client.apps().deployments().inNamespace("jds").withName("myblog").get();
        var secret = cluster.client.secrets().inNamespace("jds").withName("myblog").get();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION))
                .isEqualTo(ConsumedConfig.of(deployment, "myblog", "myblog").hash(live, secret));
    }

    @Test
    void aControllerThatCannotStartFailsTheDeployFastWithItsPodsReason() {
        cluster.controllers.behaveIn(ControllerNames.NAME, FakeControllers.Behaviour.CRASH_LOOP);

        var run = deployGenerated("120s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).contains("Deployment " + ControllerNames.NAME + " cannot become ready", "CrashLoopBackOff");
        assertThat(run.took()).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void statusShowsTheControllerAndTheLeaseHolderAndUndeployLeavesNothingOfIt() {
        // Given a deployed stack whose controller holds the Lease
        assertThat(deployGenerated("60s").exitCode()).isZero();
        cluster.client.resource(new LeaseBuilder().withNewMetadata().withName(ReloadStatus.LEASE).withNamespace("jds")
                .endMetadata().withNewSpec().withHolderIdentity("myblog-controller-7d9-x2").endSpec().build()).create();

        // When
        var status = cluster.cli.run("status");

        // Then
        assertThat(status.out()).contains("Deployment " + ControllerNames.NAME + ": 1/1 ready",
                "Lease " + ReloadStatus.LEASE + " held by myblog-controller-7d9-x2");

        // When
        var undeploy = cluster.cli.run("undeploy", "--manifests", Manifests.BUILD_OUTPUT.toString());

        // Then
        assertThat(undeploy.exitCode()).as(undeploy.all()).isZero();
        var ns = "jds";
        assertThat(cluster.client.apps().deployments().inNamespace(ns).withName(ControllerNames.NAME).get()).isNull();
        assertThat(cluster.client.serviceAccounts().inNamespace(ns).withName(ControllerNames.SERVICE_ACCOUNT).get()).isNull();
        assertThat(cluster.client.rbac().roles().inNamespace(ns).withName(ControllerNames.NAME).get()).isNull();
        assertThat(cluster.client.rbac().roleBindings().inNamespace(ns).withName(ControllerNames.NAME).get()).isNull();
        assertThat(cluster.client.resources(Lease.class).inNamespace(ns).withName(ReloadStatus.LEASE).get()).isNull();
        assertThat(cluster.client.network().networkPolicies().inNamespace(ns).withName(ControllerNames.NAME).get()).isNull();
    }

    @Test
    void historyListsTheControllersRevisionsApartFromTheApps() throws Exception {
        // Given the generated stack deployed, then deployed again with a new image, which both programs run
        var built = GeneratedManifest.yaml().get(Deployment.class, ControllerNames.NAME).getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
        assertThat(deployGenerated("60s").exitCode()).isZero();
        assertThat(deployGenerated("60s", "--image", NEXT_IMAGE).exitCode()).isZero();

        // When
        await("both tables show the second deploy as its cause").atMost(Duration.ofSeconds(10))
                .until(() -> cluster.cli.run("history").out().lines()
                .filter(line -> line.contains(NEXT_IMAGE) && line.endsWith("deploy")).count() == 2);
        var text = cluster.cli.run("history");
        var json = cluster.cli.run("history", "-o", "json");

        // Then the app's table, a blank line, the controller's own table (no config hash: its pods read none)
        assertThat(text.exitCode()).as(text.all()).isZero();
        var lines = text.out().lines().toList();
        var controller = lines.indexOf("Deployment " + ControllerNames.NAME);
        assertThat(controller).as(text.out()).isGreaterThan(lines.indexOf("Deployment myblog"));
        assertThat(lines.get(controller - 1)).isEmpty();
        assertThat(HistoryCommandTest.appRows(text)).satisfiesExactly(
                line -> assertThat(line).startsWith("2 ").contains(NEXT_IMAGE).endsWith("deploy"),
                line -> assertThat(line).startsWith("1 ").contains(built).endsWith("deploy"));
        assertThat(lines.get(controller + 1)).startsWith("REVISION").contains("TIME", "IMAGE", "CAUSE")
                .doesNotContain("CONFIG HASH");
        assertThat(lines.subList(controller + 2, lines.size())).satisfiesExactly(
                line -> assertThat(line).startsWith("2 ").contains(NEXT_IMAGE).endsWith("deploy"),
                line -> assertThat(line).startsWith("1 ").contains(built).endsWith("deploy"));

        Map<String, List<Map<String, Object>>> report = new ObjectMapper().readValue(json.out(), new TypeReference<>() { });
        assertThat(report.get("controller")).extracting(r -> r.get("image")).containsExactly(NEXT_IMAGE, built);
        assertThat(report.get("controller")).allSatisfy(r -> {
            assertThat(r).doesNotContainKey("configHash").containsEntry("cause", "deploy");
            assertThat(r.get("time")).isNotNull();
        });
        assertThat(report.get("app")).allSatisfy(r -> assertThat(r).containsKey("configHash"));
    }

    private Cli.Run deployGenerated(String timeout, String... extra) {
        var args = new ArrayList<>(List.of("deploy", "--manifests", Manifests.BUILD_OUTPUT.toString(),
                "--secret-env-file", SECRET_EXAMPLE, "--allow-example-values", "--timeout", timeout));
        args.addAll(List.of(extra));
        return cluster.cli.run(args.toArray(String[]::new));
    }
}
