package io.myblog.kubernetes;

import static io.myblog.kubernetes.GeneratedManifest.APP;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.myblog.cli.deploy.BackupJob;
import io.myblog.cli.deploy.MigrationJob;
import io.myblog.cli.deploy.shape.StackShape;
import io.myblog.deploy.manifest.CompleteManifests;
import io.myblog.deploy.manifest.StrictModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 on the manifest the build generated: drains, spreading, NetworkPolicies, MySQL's hardening and storage,
 * the Ingress, pull policy, the HPA and strict validation. Variants run the same build step
 * ({@link CompleteManifests}) on a copy of the generated files with other properties, as {@code ./mvnw package
 * -Dmyblog.kubernetes.…=…} does.
 */
class StackManifestIT {

    private static final Path APPLICATION_PROPERTIES = ManifestVariant.APPLICATION_PROPERTIES;
    private static final String DATABASE = "mysql";
    /** The course's MySQL resources: ours may be larger, never smaller. */
    private static final Map<String, Quantity> COURSE_REQUESTS = Map.of("memory", new Quantity("100Mi"),
            "cpu", new Quantity("50m"));
    private static final Map<String, Quantity> COURSE_LIMITS = Map.of("memory", new Quantity("500Mi"),
            "cpu", new Quantity("100m"));
    /** What MySQL's first initialisation may take before liveness may restart it. */
    private static final int FIRST_START_SECONDS = 300;

    private final GeneratedManifest manifest = GeneratedManifest.yaml();

    @TempDir
    Path variants;

    @Test
    void everyGeneratedObjectIsValidAgainstTheKubernetesModel() throws IOException {
        assertThat(StrictModel.problems(manifest.text())).isEmpty();
        assertThat(StrictModel.problems(variant(Map.of("autoscaling.enabled", "true",
                "mysql.host-path", "/opt/mysql/data", "ingress.tls-secret", "myblog-tls")).text())).isEmpty();
    }

    @Test
    void buildStepRunTwiceGivesTheSameFiles() throws IOException {
        var once = variant(Map.of());

        assertThat(once.text()).isEqualTo(manifest.text());
    }

    @Test
    void aDrainEvictsAtMostOneAppPodAndNeverMysqlUnasked() {
        var app = manifest.get(PodDisruptionBudget.class, APP);
        assertThat(app.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(matches(app.getSpec().getSelector(), appPodLabels())).isTrue();
        assertThat(matches(app.getSpec().getSelector(), mysqlPodLabels())).isFalse();
        assertThat(manifest.deployment().getSpec().getReplicas()).isGreaterThan(1);

        // The explicit choice for a single replica: a drain waits for the operator instead of stopping MySQL.
        var mysql = manifest.get(PodDisruptionBudget.class, DATABASE);
        assertThat(mysql.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(0));
        assertThat(matches(mysql.getSpec().getSelector(), mysqlPodLabels())).isTrue();
        assertThat(matches(mysql.getSpec().getSelector(), appPodLabels())).isFalse();
    }

    @Test
    void appPodsSpreadOverNodesButStillScheduleOnOneNode() {
        var pod = manifest.deployment().getSpec().getTemplate().getSpec();
        assertThat(pod.getTopologySpreadConstraints()).singleElement().satisfies(spread -> {
            assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(spread.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
            assertThat(spread.getMaxSkew()).isEqualTo(1);
            assertThat(matches(spread.getLabelSelector(), appPodLabels())).isTrue();
            assertThat(matches(spread.getLabelSelector(), mysqlPodLabels())).isFalse();
        });
    }

    @Test
    void mysqlAcceptsConnectionsOnlyFromMyblogAndItsMigrationBackupAndRestoreJobsPods() {
        var policy = manifest.get(NetworkPolicy.class, DATABASE);
        assertThat(matches(policy.getSpec().getPodSelector(), mysqlPodLabels())).isTrue();
        assertThat(matches(policy.getSpec().getPodSelector(), appPodLabels())).isFalse();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).hasSize(3).allSatisfy(peer -> {
                assertThat(peer.getNamespaceSelector()).as("same namespace only").isNull();
                assertThat(matches(peer.getPodSelector(), mysqlPodLabels())).isFalse();
            });
            assertThat(rule.getFrom()).anySatisfy(peer -> assertThat(matches(peer.getPodSelector(), appPodLabels())).isTrue());
            assertThat(rule.getFrom()).anySatisfy(peer -> assertThat(matches(peer.getPodSelector(), MigrationJob.LABELS))
                    .as("the migration Job's pods").isTrue());
            for (var job : List.of(BackupJob.backup(manifest.mysql(), Instant.EPOCH), BackupJob.restore(manifest.mysql(),
                    BackupJob.BackupFile.parse("myblog-19700101T000000.000Z-schema-5.sql").orElseThrow(), Instant.EPOCH))) {
                var labels = job.getSpec().getTemplate().getMetadata().getLabels();
                assertThat(rule.getFrom()).as(job.getMetadata().getName() + "'s pod")
                        .anySatisfy(peer -> assertThat(matches(peer.getPodSelector(), labels)).isTrue());
            }
            var mysqlService = manifest.get(Service.class, DATABASE).getSpec().getPorts().get(0);
            assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(
                    resolve(port, manifest.mysqlContainer()).getContainerPort())
                    .isEqualTo(resolveTarget(mysqlService.getTargetPort(), manifest.mysqlContainer())));
        });
    }

    @Test
    void theClaimTheBackupJobWritesToShipsBesideMysqlsOwn() {
        var claim = BackupJob.backup(manifest.mysql(), Instant.EPOCH).getSpec().getTemplate().getSpec().getVolumes()
                .stream().filter(v -> v.getPersistentVolumeClaim() != null).findFirst().orElseThrow()
                .getPersistentVolumeClaim().getClaimName();

        var shipped = manifest.get(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class, claim);

        assertThat(shipped.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(manifest.mysql().getSpec().getVolumeClaimTemplates())
                .noneMatch(t -> t.getMetadata().getName().equals(claim));
    }

    @Test
    void theBackupAndRestoreJobsPodsAreAdmittedUnderRestrictedPodSecurity() {
        // Namespace jds enforces "restricted": a pod it refuses leaves the Job without a pod and deploy waiting
        var backup = BackupJob.backup(manifest.mysql(), Instant.EPOCH);
        var restore = BackupJob.restore(manifest.mysql(),
                BackupJob.BackupFile.parse("myblog-19700101T000000.000Z-schema-5.sql").orElseThrow(), Instant.EPOCH);

        assertThat(RestrictedPodSecurity.violations(backup.getSpec().getTemplate().getSpec())).isEmpty();
        assertThat(RestrictedPodSecurity.violations(restore.getSpec().getTemplate().getSpec())).isEmpty();
    }

    @Test
    void mysqlRunsAsItsOwnUserWithoutPrivilegeEscalation() {
        var pod = manifest.mysql().getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getFsGroup()).as("the claim is writable by that user").isPositive();
        var security = manifest.mysqlContainer().getSecurityContext();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    }

    @Test
    void mysqlResourcesAreAtLeastTheCourses() {
        var resources = manifest.mysqlContainer().getResources();
        COURSE_REQUESTS.forEach((resource, floor) -> assertThat(amount(resources.getRequests().get(resource)))
                .as("request " + resource).isGreaterThanOrEqualTo(amount(floor)));
        COURSE_LIMITS.forEach((resource, floor) -> assertThat(amount(resources.getLimits().get(resource)))
                .as("limit " + resource).isGreaterThanOrEqualTo(amount(floor)));
        assertThat(amount(resources.getLimits().get("memory")))
                .isGreaterThanOrEqualTo(amount(resources.getRequests().get("memory")));
    }

    @Test
    void mysqlIsReadyWhenItAnswersAQueryWithTheSecretsCredentials() {
        var mysql = manifest.mysqlContainer();
        var readiness = mysql.getReadinessProbe();
        assertThat(readiness.getTcpSocket()).isNull();
        var command = String.join(" ", readiness.getExec().getCommand());
        assertThat(command).contains("mysql ", "SELECT 1", "\"$MYSQL_USER\"", "MYSQL_PWD=\"$MYSQL_PASSWORD\"");
        var env = GeneratedManifest.envByName(mysql);
        for (var variable : List.of("MYSQL_USER", "MYSQL_PASSWORD")) {
            assertThat(env.get(variable).getValueFrom().getSecretKeyRef()).as(variable + " from the Secret").isNotNull();
        }
        // never on the command line, where ps on the node shows it
        assertThat(command).doesNotContainPattern("(^|\\s)(-p|--password)");
    }

    @Test
    void mysqlHasAStartupProbeLongEnoughForItsFirstInitialisation() {
        var mysql = manifest.mysqlContainer();
        var startup = mysql.getStartupProbe();
        int window = (startup.getInitialDelaySeconds() == null ? 0 : startup.getInitialDelaySeconds())
                + startup.getFailureThreshold() * startup.getPeriodSeconds();
        assertThat(window).isGreaterThanOrEqualTo(FIRST_START_SECONDS);
        assertThat(resolveTarget(startup.getTcpSocket().getPort(), mysql)).isEqualTo(3306);
        assertThat(mysql.getLivenessProbe().getExec()).as("credentials never restart the database").isNull();
    }

    @Test
    void noAutoscalerByDefaultAndTheDeploymentKeepsItsReplicas() throws IOException {
        assertThat(manifest.find(HorizontalPodAutoscaler.class, APP)).isEmpty();
        assertThat(manifest.deployment().getSpec().getReplicas())
                .isEqualTo(Integer.parseInt(property("quarkus.kubernetes.replicas")));
    }

    @Test
    void autoscalingPropertyAddsACpuAutoscalerAndLeavesReplicasToIt() throws IOException {
        var scaled = variant(Map.of("autoscaling.enabled", "true"));

        var hpa = scaled.get(HorizontalPodAutoscaler.class, APP);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(scaled.deployment().getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas())
                .isEqualTo(Integer.parseInt(property("myblog.kubernetes.autoscaling.min-replicas")))
                .isGreaterThan(scaled.get(PodDisruptionBudget.class, APP).getSpec().getMaxUnavailable().getIntVal());
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isPositive();
        });
        assertThat(scaled.deployment().getSpec().getReplicas()).isNull();
        assertThat(deploymentDocument(scaled)).doesNotContain("replicas:");
    }

    @Test
    void ingressHostAndClassComeFromTheProperties() throws IOException {
        var ingress = manifest.get(Ingress.class, APP);
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule ->
                assertThat(rule.getHost()).isEqualTo(property("quarkus.kubernetes.ingress.host")));
        assertThat(ingress.getSpec().getIngressClassName())
                .isEqualTo(property("quarkus.kubernetes.ingress.ingress-class-name"));
        assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
        assertThat(ingress.getMetadata().getAnnotations()).doesNotContainKey(StackShape.SSL_REDIRECT);
    }

    @Test
    void ingressPropertiesAimItAndTurnOnTlsWithARedirect() throws IOException {
        var ingress = variant(Map.of("ingress.host", "blog.course.example", "ingress.class", "traefik",
                "ingress.tls-secret", "blog-cert")).get(Ingress.class, APP);

        assertThat(ingress.getSpec().getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getHost()).isEqualTo("blog.course.example"));
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("traefik");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("blog-cert");
            assertThat(tls.getHosts()).containsExactly("blog.course.example");
        });
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry(StackShape.SSL_REDIRECT, "true");
    }

    @Test
    void certManagerIssuerPropertyAsksForACertificateAndTurnsOnTls() throws IOException {
        var ingress = variant(Map.of("ingress.cert-issuer", "letsencrypt")).get(Ingress.class, APP);

        assertThat(ingress.getMetadata().getAnnotations()).containsEntry(StackShape.CLUSTER_ISSUER, "letsencrypt")
                .containsEntry(StackShape.SSL_REDIRECT, "true");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo(StackShape.DEFAULT_TLS_SECRET);
            assertThat(tls.getHosts()).containsExactly(property("quarkus.kubernetes.ingress.host"));
        });
    }

    @Test
    void snapshotImageIsPulledOnEveryStartAndAReleaseOnce() throws IOException {
        var app = manifest.appContainer();
        assertThat(app.getImage()).endsWith("-SNAPSHOT");
        assertThat(app.getImagePullPolicy()).isEqualTo("Always");

        var release = Files.readString(GeneratedManifest.YAML).replace(app.getImage(), "10.2.2.10:5000/myblog:v1");
        Files.writeString(variants.resolve("kubernetes.yml"), release);
        CompleteManifests.run(APPLICATION_PROPERTIES, new Properties(), variants);

        var released = GeneratedManifest.read(variants.resolve("kubernetes.yml")).appContainer();
        assertThat(released.getImage()).isEqualTo("10.2.2.10:5000/myblog:v1");
        assertThat(released.getImagePullPolicy()).isEqualTo("IfNotPresent");

        // and back to a snapshot, from the extension's configured if-not-present: Always again
        var snapshot = Files.readString(variants.resolve("kubernetes.yml"))
                .replace("10.2.2.10:5000/myblog:v1", "10.2.2.10:5000/myblog:1.1.0-SNAPSHOT");
        Files.writeString(variants.resolve("kubernetes.yml"), snapshot);
        CompleteManifests.run(APPLICATION_PROPERTIES, new Properties(), variants);
        assertThat(GeneratedManifest.read(variants.resolve("kubernetes.yml")).appContainer().getImagePullPolicy())
                .isEqualTo("Always");
    }

    @Test
    void mysqlUsesAClaimOfTheClusterDefaultClassUnlessOneIsNamed() throws IOException {
        var claim = manifest.mysql().getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getSpec().getStorageClassName()).isNull();
        assertThat(claim.getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(new Quantity(property("myblog.kubernetes.mysql.storage-size")));

        var named = variant(Map.of("mysql.storage-class", "local-path", "mysql.storage-size", "5Gi")).mysql()
                .getSpec().getVolumeClaimTemplates().get(0);
        assertThat(named.getSpec().getStorageClassName()).isEqualTo("local-path");
        assertThat(named.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("5Gi"));
    }

    @Test
    void hostPathVariantPinsMysqlToTheCoursesNodeAndKeepsItsDataThere() throws IOException {
        var statefulSet = variant(Map.of("mysql.host-path", "/opt/mysql/data")).mysql();

        var pod = statefulSet.getSpec().getTemplate().getSpec();
        assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).isNullOrEmpty();
        assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(Map.of("component", "mysql"));
        var mysql = GeneratedManifest.container(pod.getContainers(), DATABASE);
        var mount = mysql.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/var/lib/mysql"))
                .findFirst().orElseThrow();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(mount.getName())).singleElement()
                .satisfies(volume -> assertThat(volume.getHostPath().getPath()).isEqualTo("/opt/mysql/data"));
        // MySQL itself still runs as its own user; only an init container, with CHOWN alone, hands it the directory.
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(mysql.getSecurityContext().getRunAsUser()).isNull();
        assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
            assertThat(init.getCommand()).containsExactly("chown",
                    pod.getSecurityContext().getRunAsUser() + ":" + pod.getSecurityContext().getRunAsGroup(),
                    "/var/lib/mysql");
            assertThat(init.getSecurityContext().getCapabilities().getAdd()).containsExactly("CHOWN");
            assertThat(init.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        });
    }

    /** The build step on a copy of the generated files, with {@code myblog.kubernetes.*} properties set. */
    @Test
    void hostPathVariantLabelsItsNamespacePrivilegedBecauseRestrictedAndBaselineWouldRefuseMysql() throws IOException {
        var variant = variant(Map.of("mysql.host-path", "/opt/mysql/data"));

        // Baseline already forbids hostPath volumes; the CHOWN init container runs as root.
        assertThat(RestrictedPodSecurity.violations(variant.mysql().getSpec().getTemplate().getSpec()))
                .contains("volume data of type hostPath", "data-owner: adds capability CHOWN");
        assertThat(variant.objects()).filteredOn(o -> o.getKind().equals("Namespace")).singleElement()
                .satisfies(ns -> assertThat(ns.getMetadata().getLabels())
                        .containsEntry("pod-security.kubernetes.io/enforce", "privileged")
                        .containsEntry("pod-security.kubernetes.io/warn", "restricted"));
        // Completing twice keeps one controller
        assertThat(variant.objects()).filteredOn(o -> o.getMetadata().getName().equals("myblog-controller")
                && o.getKind().equals("Deployment")).hasSize(1);
    }

    @Test
    void admissionPolicyIsABuildOptionAndShipsThePolicyTheCelTestEvaluates() throws IOException {
        assertThat(GeneratedManifest.yaml().objects()).noneMatch(o -> o.getKind().startsWith("ValidatingAdmissionPolicy"));

        var variant = variant(Map.of("admission-policy", "true"));

        var policy = variant.get(io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy.class,
                "myblog-controller-jds");
        assertThat(policy.getMetadata().getNamespace()).as("cluster-scoped").isNull();
        assertThat(policy).isEqualTo(io.myblog.deploy.manifest.AdmissionShape.policy("jds"));
        var binding = variant.get(io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding.class,
                "myblog-controller-jds");
        assertThat(binding.getSpec().getPolicyName()).isEqualTo(policy.getMetadata().getName());
    }

    private GeneratedManifest variant(Map<String, String> choices) throws IOException {
        return ManifestVariant.of(variants, choices);
    }

    private static String deploymentDocument(GeneratedManifest m) {
        return Arrays.stream(m.text().split("(?m)^---\\s*$"))
                .filter(d -> d.contains("kind: \"Deployment\"")).findFirst().orElseThrow();
    }

    private Map<String, String> appPodLabels() {
        return manifest.deployment().getSpec().getTemplate().getMetadata().getLabels();
    }

    private Map<String, String> mysqlPodLabels() {
        return manifest.mysql().getSpec().getTemplate().getMetadata().getLabels();
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return NetworkPolicyVerdict.matches(selector, labels);
    }

    private static ContainerPort resolve(NetworkPolicyPort port, Container container) {
        return container.getPorts().stream().filter(p -> port.getPort().getIntVal() != null
                        ? port.getPort().getIntVal().equals(p.getContainerPort())
                        : port.getPort().getStrVal().equals(p.getName()))
                .filter(p -> (p.getProtocol() == null ? "TCP" : p.getProtocol()).equals(port.getProtocol()))
                .findFirst().orElseThrow(() -> new AssertionError("the policy's port " + port.getPort()
                        + " is no container port of " + container.getName()));
    }

    private static int resolveTarget(IntOrString port, Container container) {
        return KubernetesManifestIT.resolvePort(port, container);
    }

    private static long amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).multiply(java.math.BigDecimal.valueOf(1000)).longValue();
    }

    private static String property(String name) throws IOException {
        var value = KubernetesManifestIT.applicationProperties().getProperty(name);
        assertThat(value).as(name + " in application.properties").isNotNull();
        return value;
    }
}
