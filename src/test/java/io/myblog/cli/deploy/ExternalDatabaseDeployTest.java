package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.myblog.cli.deploy.shape.ExternalDatabase;
import io.myblog.kubernetes.NetworkPolicyVerdict;
import io.myblog.kubernetes.NetworkPolicyVerdict.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy --mysql external}: a MySQL of the user's (managed, or an InnoDB Cluster's Router) instead of the bundled
 * pod. Nothing of the bundled MySQL is applied or deleted, the ConfigMap points at the server, and the egress of the
 * app's pods and of its migration Job's is allowed to the server's addresses and port and to the cluster DNS only.
 */
class ExternalDatabaseDeployTest {

    private static final String HOST = "myblog.abc123.eu-west-1.rds.amazonaws.com";
    private static final String CIDR = "10.20.0.0/16";
    private static final String ROUTER_PORT = "6446";
    private static final List<String> EXTERNAL = List.of("--mysql", "external", "--mysql-host", HOST,
            "--mysql-cidr", CIDR, "--mysql-port", ROUTER_PORT);

    private static final String FIRST_IMAGE = "registry.example/myblog:1.0.0";
    private static final Endpoint DATABASE_ADDRESS = Endpoint.address("10.20.4.12");
    /** The API server's Service address (kubeadm's default Service CIDR) and an address on the internet. */
    private static final Endpoint API_SERVER = Endpoint.address("10.96.0.1");
    private static final Endpoint INTERNET = Endpoint.address("203.0.113.7");

    private static final String UNREACHABLE = "Database not ready: Communications link failure (connect to " + HOST
            + ":" + ROUTER_PORT + " timed out); retrying every 1000 ms";

    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClient client = cluster.client;
    private final Cli cli = cluster.cli;

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void externalVariantAppliesNoMysqlObjectsAndPointsTheConfigMapAtTheServer() {
        var run = deployExternal();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(client.apps().statefulSets().inNamespace("jds").list().getItems()).isEmpty();
        assertThat(client.services().inNamespace("jds").withName("mysql").get()).isNull();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace("jds").withName("mysql").get()).isNull();
        assertThat(client.network().networkPolicies().inNamespace("jds").withName("mysql").get()).isNull();
        assertThat(client.persistentVolumeClaims().inNamespace("jds").list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace("jds").withName(DesiredSecrets.ROOT).get()).isNull();
        assertThat(run.out()).doesNotContain("StatefulSet", "waiting for StatefulSet");
        assertThat(client.configMaps().inNamespace("jds").withName("myblog").get().getData())
                .containsEntry("MYSQL_HOST", HOST).containsEntry("MYSQL_PORT", ROUTER_PORT)
                .containsEntry("MYSQL_SSL_MODE", "verify-identity");
        assertThat(client.apps().deployments().inNamespace("jds").withName("myblog").get()).isNotNull();
    }

    @Test
    void theOperatorsSslModeReplacesVerifyIdentity() {
        var run = cli.deploy(withExternal("--mysql-ssl-mode", "required"));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(client.configMaps().inNamespace("jds").withName("myblog").get().getData())
                .containsEntry("MYSQL_SSL_MODE", "required");
    }

    @Test
    void anUnknownSslModeIsRefusedBeforeAnyChange() {
        var run = cli.deploy(withExternal("--mysql-ssl-mode", "verify-full"));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.BAD_INPUT);
        assertThat(run.err()).contains("--mysql-ssl-mode takes one of", "verify-identity", "\"verify-full\"");
        assertThat(client.configMaps().inNamespace("jds").withName("myblog").get()).isNull();
    }

    @Test
    void egressPolicyAllowsTheServersAddressesOnItsPortAndTheClusterDns() {
        assertThat(deployExternal().exitCode()).isZero();

        var policy = client.network().networkPolicies().inNamespace("jds").withName(ExternalDatabase.POLICY).get();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(policy.getSpec().getEgress()).filteredOn(rule -> rule.getTo().get(0).getIpBlock() != null)
                .singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).extracting(peer -> peer.getIpBlock().getCidr()).containsExactly(CIDR);
            assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getProtocol()).isEqualTo("TCP");
                assertThat(port.getPort().getIntVal()).isEqualTo(Integer.parseInt(ROUTER_PORT));
            });
        });
        // Once a policy selects the pods for Egress, DNS is denied unless allowed: the host is a name.
        assertThat(policy.getSpec().getEgress()).filteredOn(rule -> rule.getTo().get(0).getIpBlock() == null)
                .singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).singleElement().extracting(NetworkPolicyPeer::getPodSelector)
                    .satisfies(pods -> assertThat(pods.getMatchLabels()).isEqualTo(ExternalDatabase.DNS_PODS));
            assertThat(rule.getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                    .containsExactlyInAnyOrder("UDP/53", "TCP/53");
        });
    }

    @Test
    void theAppsPodsAndTheMigrationJobsReachTheDatabaseAndTheDnsAndNothingElse() {
        assertThat(deployExternal().exitCode()).isZero();

        // Judged on the live policies and the live pods' labels, as the CNI would
        var verdict = new NetworkPolicyVerdict(client.network().networkPolicies().inNamespace("jds").list().getItems());
        var migration = pod(client.pods().inNamespace("jds").withLabel(JobRun.JOB_NAME_LABEL).list().getItems());
        var app = pod(client.pods().inNamespace("jds").withLabel("app.kubernetes.io/name", "myblog").list().getItems());
        var dns = Endpoint.pod(ExternalDatabase.DNS_NAMESPACE, ExternalDatabase.DNS_PODS, "10.96.0.10", List.of());
        var other = Endpoint.pod("jds", Map.of("app.kubernetes.io/name", "someone-elses"), "10.1.0.99", List.of());
        for (var pods : List.of(app, migration)) {
            assertThat(verdict.allows(pods, DATABASE_ADDRESS, "TCP", Integer.parseInt(ROUTER_PORT))).isTrue();
            assertThat(verdict.allows(pods, dns, "UDP", ExternalDatabase.DNS_PORT)).isTrue();
            assertThat(verdict.allows(pods, API_SERVER, "TCP", 443)).as(pods.labels().toString()).isFalse();
            assertThat(verdict.allows(pods, INTERNET, "TCP", 443)).as(pods.labels().toString()).isFalse();
        }
        assertThat(verdict.allows(other, INTERNET, "TCP", 443)).as("a pod the policy does not select").isTrue();
    }

    @Test
    void aReadReplicaOnRoutersReadOnlyPortIsInTheConfigMapAndTheEgressPolicy() {
        var run = cli.deploy(withExternal("--mysql-read-host", HOST, "--mysql-read-port", "6447"));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(client.configMaps().inNamespace("jds").withName("myblog").get().getData())
                .containsEntry("MYSQL_READ_HOST", HOST).containsEntry("MYSQL_READ_PORT", "6447");
        var policy = client.network().networkPolicies().inNamespace("jds").withName(ExternalDatabase.POLICY).get();
        assertThat(policy.getSpec().getEgress()).filteredOn(rule -> rule.getTo().get(0).getIpBlock() != null)
                .singleElement().satisfies(rule -> assertThat(rule.getPorts())
                        .extracting(port -> port.getProtocol() + "/" + port.getPort().getIntVal())
                        .containsExactly("TCP/" + ROUTER_PORT, "TCP/6447"));
    }

    @Test
    void aReadReplicaWithoutTheExternalVariantIsRefusedBeforeAnyChange() {
        var run = cli.deploy("--mysql-read-host", HOST);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.BAD_INPUT);
        assertThat(run.err()).contains("are for --mysql external");
        assertThat(client.configMaps().inNamespace("jds").withName("myblog").get()).isNull();
    }

    @Test
    void dryRunShowsThePolicyAndNoMysqlObject() {
        var run = cli.deploy(withExternal("--dry-run"));

        assertThat(run.exitCode()).as(run.all()).isZero();
        var objects = Manifests.parse(run.out(), "stdout");
        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .contains("NetworkPolicy/" + ExternalDatabase.POLICY, "Deployment/myblog", "ConfigMap/myblog")
                .doesNotContain("StatefulSet/mysql", "Service/mysql", "PodDisruptionBudget/mysql",
                        "NetworkPolicy/mysql", "Secret/" + DesiredSecrets.ROOT);
        assertThat(names(objects)).containsSubsequence("NetworkPolicy/" + ExternalDatabase.POLICY,
                "Job/" + MigrationJob.name(FIRST_IMAGE), "Deployment/myblog");
        assertThat(objects).filteredOn(o -> o instanceof NetworkPolicy).singleElement()
                .satisfies(p -> assertThat(DesiredState.describe(p)).isEqualTo("NetworkPolicy jds/" + ExternalDatabase.POLICY));
    }

    @Test
    void undeployOfTheExternalVariantLeavesNothingOfMysqlToDeleteAndKeepsAnOldClaim() {
        // Given the external variant deployed, and the claim of a bundled MySQL that ran here before
        assertThat(deployExternal().exitCode()).isZero();
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-mysql-0")
                .withNamespace("jds").endMetadata().build()).createOr(existing -> existing.update());

        var run = cli.run("undeploy", "--manifests", Cli.MANIFESTS, "--purge-data");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).doesNotContain("StatefulSet", "Service jds/mysql", "PodDisruptionBudget jds/mysql")
                .contains("NetworkPolicy jds/" + ExternalDatabase.POLICY + " deleted", "Deployment jds/myblog deleted");
        assertThat(client.network().networkPolicies().inNamespace("jds").withName(ExternalDatabase.POLICY).get()).isNull();
        assertThat(client.persistentVolumeClaims().inNamespace("jds").withName("data-mysql-0").get()).isNotNull();
    }

    @Test
    void diffWithTheSameOptionsFindsNothingAndStatusReportsTheRollout() {
        assertThat(deployExternal().exitCode()).isZero();

        var diff = cli.run(withExternal("diff", "--manifests", Cli.MANIFESTS, "--secret-env-file", Cli.SECRET_ENV));
        var status = cli.run("status");

        assertThat(diff.exitCode()).as(diff.all()).isZero();
        assertThat(diff.out()).contains("NetworkPolicy jds/" + ExternalDatabase.POLICY + " unchanged",
                "ConfigMap jds/myblog unchanged", "diff: no changes").doesNotContain("mysql ");
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.out()).contains("StatefulSet mysql: not deployed");
    }

    @Test
    void podsThatCannotReachTheDatabaseFailTheDeployWithTheirOwnReason() throws InterruptedException {
        // Given app pods that run but stay unready, logging why as DatabaseMonitor does
        cluster.controllers.behaveIn("myblog", FakeControllers.Behaviour.NEVER_READY);
        var kubelet = Executors.newSingleThreadScheduledExecutor();
        var logged = ConcurrentHashMap.<String>newKeySet();
        kubelet.scheduleWithFixedDelay(() -> client.pods().inNamespace("jds").list().getItems().stream()
                .map(pod -> pod.getMetadata().getName()).filter(name -> name.startsWith("myblog-") && logged.add(name))
                .forEach(name -> cluster.api.serveLog(name, UNREACHABLE)), 0, 20, TimeUnit.MILLISECONDS);
        try {
            // When
            var run = cli.deploy(withExternal("--timeout", "5s"));

            // Then the failure carries the pod's own words, not only the timeout
            assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.ROLLOUT_FAILED);
            assertThat(run.err()).contains("timed out after", "waiting for Deployment myblog");
            assertThat(run.out()).contains("runs but is not ready; the last", "| " + UNREACHABLE);
        } finally {
            kubelet.shutdownNow();
            kubelet.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void externalWithoutTheServersAddressesIsRefusedBeforeAnyChange() {
        var run = cli.deploy("--mysql", "external", "--mysql-host", HOST);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.BAD_INPUT);
        assertThat(run.err()).contains("--mysql-cidr");
        assertThat(client.configMaps().inNamespace("jds").withName("myblog").get()).isNull();
    }

    @Test
    void externalOptionsWithoutTheExternalVariantAreRefusedNotIgnored() {
        var run = cli.deploy("--mysql-port", ROUTER_PORT);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.BAD_INPUT);
        assertThat(run.err()).contains("are for --mysql external");
        assertThat(client.configMaps().inNamespace("jds").withName("myblog").get()).isNull();
    }

    @Test
    void aCidrThatIsAHostNameIsRefused() {
        var run = cli.deploy("--mysql", "external", "--mysql-host", HOST, "--mysql-cidr", HOST);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(DeployFailure.BAD_INPUT);
        assertThat(run.err()).contains("--mysql-cidr takes addresses with a prefix length");
    }

    private Cli.Run deployExternal() {
        return cli.deploy(EXTERNAL.toArray(String[]::new));
    }

    /** {@code command} (with its own arguments first) and the external variant's options. */
    private static String[] withExternal(String... command) {
        var args = new ArrayList<>(List.of(command));
        args.addAll(EXTERNAL);
        return args.toArray(String[]::new);
    }

    /** The first of {@code pods} where the CNI sees it: its namespace, labels and an address. */
    private static Endpoint pod(List<Pod> pods) {
        assertThat(pods).isNotEmpty();
        return Endpoint.pod("jds", pods.get(0).getMetadata().getLabels(), "10.1.0.7", List.of());
    }

    private static List<String> names(List<HasMetadata> objects) {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
