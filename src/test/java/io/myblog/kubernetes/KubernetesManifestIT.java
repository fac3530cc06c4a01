package io.myblog.kubernetes;

import static io.myblog.kubernetes.GeneratedManifest.APP;
import static io.myblog.kubernetes.GeneratedManifest.container;
import static io.myblog.kubernetes.GeneratedManifest.envByName;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.myblog.controller.ReloadRbac;
import io.myblog.controller.ReloadSettings;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Asserts every point of issue 3 on the manifest the build generated (runs after `package`, hence failsafe). */
class KubernetesManifestIT {

    private static final String NAMESPACE = "jds";
    private static final int HTTP_PORT = 8002;
    /** quarkus.management.port: health, metrics and OpenAPI, reachable by the kubelet but by no Service. */
    static final int MANAGEMENT_PORT = 9000;
    private static final Set<String> SECRET_ENV = Set.of("MYSQL_USER", "MYSQL_PASSWD", "MYSQL_DATABASE");
    private static final Set<String> CONFIG_MAP_ENV = Set.of("MYSQL_HOST", "MYSQL_PORT");

    private static final String CONTROLLER = "myblog-controller";

    private final GeneratedManifest manifest = GeneratedManifest.yaml();

    @Test
    void containsTheWholeStackAndNothingElse() {
        assertThat(kindsAndNames(manifest)).containsExactlyInAnyOrder(
                "Namespace/jds", "ConfigMap/myblog", "ServiceAccount/myblog", "ServiceAccount/myblog-controller",
                "Role/myblog-controller", "RoleBinding/myblog-controller", "Deployment/myblog-controller",
                "Deployment/myblog", "Service/myblog", "Ingress/myblog", "StatefulSet/mysql", "Service/mysql",
                "PodDisruptionBudget/myblog", "PodDisruptionBudget/mysql", "NetworkPolicy/myblog", "NetworkPolicy/mysql",
                "NetworkPolicy/myblog-controller", "PersistentVolumeClaim/mysql-backups");
    }

    @Test
    void jsonOutputHoldsTheSameObjectsAsYaml() {
        assertThat(kindsAndNames(GeneratedManifest.json())).isEqualTo(kindsAndNames(manifest));
    }

    @Test
    void putsEveryNamespacedObjectIntoJds() {
        assertThat(manifest.objects()).filteredOn(o -> !(o instanceof Namespace))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(describe(o)).isEqualTo(NAMESPACE));
    }

    @Test
    void shipsNoSecretAndNoLiteralCredential() throws IOException {
        assertThat(manifest.objects()).noneMatch(o -> "Secret".equals(o.getKind()));
        assertThat(manifest.text()).doesNotContain(exampleSecretValues());
        for (var c : allContainers()) {
            assertThat(c.getEnv()).as(c.getName())
                    .allSatisfy(e -> assertThat(e.getName().startsWith("MYSQL_") && e.getValue() != null)
                            .as("literal value for " + e.getName()).isFalse());
        }
    }

    @Test
    void deploymentRunsTwoReplicasThatRollWithoutLosingCapacity() {
        var deployment = manifest.deployment();
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", APP).containsEntry("component", APP);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var strategy = deployment.getSpec().getStrategy();
        assertThat(strategy.getType()).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate().getMaxUnavailable()).isIn(new IntOrString(0), new IntOrString("0"));
        assertThat(strategy.getRollingUpdate().getMaxSurge()).isIn(new IntOrString(1), new IntOrString("1"));
    }

    @Test
    void selectorsMatchThePodLabels() {
        var podLabels = manifest.deployment().getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsEntry("app.kubernetes.io/name", APP).containsEntry("component", APP);
        assertThat(podLabels).containsAllEntriesOf(manifest.deployment().getSpec().getSelector().getMatchLabels());
        assertThat(podLabels).containsAllEntriesOf(manifest.get(Service.class, APP).getSpec().getSelector());

        var mysqlPodLabels = manifest.get(StatefulSet.class, "mysql").getSpec().getTemplate().getMetadata().getLabels();
        assertThat(mysqlPodLabels).containsAllEntriesOf(
                manifest.get(StatefulSet.class, "mysql").getSpec().getSelector().getMatchLabels());
        assertThat(mysqlPodLabels).containsAllEntriesOf(manifest.get(Service.class, "mysql").getSpec().getSelector());
        // The app's Service must not also pick the database pod.
        assertThat(mysqlPodLabels).doesNotContainEntry("app.kubernetes.io/name", APP);
    }

    @Test
    void appContainerUsesTheConfiguredImageAndNamedHttpAndManagementPorts() {
        var app = manifest.appContainer();
        assertThat(app.getImage()).matches("[^/]+/[^/]+/myblog:[^:]+");
        // Always for this -SNAPSHOT version: StackManifestIT.snapshotImageIsPulledOnEveryStartAndAReleaseOnce
        assertThat(app.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort())
                .containsExactlyInAnyOrder("http=" + HTTP_PORT, "management=" + MANAGEMENT_PORT);
    }

    @Test
    void serviceSendsPort80ToTheContainersHttpPort() {
        var service = manifest.get(Service.class, APP);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(resolvePort(p.getTargetPort(), manifest.appContainer())).isEqualTo(HTTP_PORT);
        });
    }

    @Test
    void neitherServiceNorIngressExposesTheManagementPort() {
        var app = manifest.appContainer();
        assertThat(manifest.objects()).filteredOn(Service.class::isInstance).map(Service.class::cast)
                .flatMap(s -> s.getSpec().getPorts())
                .allSatisfy(p -> {
                    assertThat(p.getPort()).isNotEqualTo(MANAGEMENT_PORT);
                    assertThat(p.getTargetPort().getIntVal() != null ? p.getTargetPort().getIntVal() : -1)
                            .isNotEqualTo(MANAGEMENT_PORT);
                    assertThat(p.getTargetPort().getStrVal()).isNotEqualTo("management");
                });
        assertThat(resolvePort(manifest.get(Service.class, APP).getSpec().getPorts().get(0).getTargetPort(), app))
                .isNotEqualTo(MANAGEMENT_PORT);
        assertThat(manifest.get(Ingress.class, APP).getSpec().getRules()).flatMap(r -> r.getHttp().getPaths())
                .allSatisfy(path -> assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http"));
    }

    @Test
    void firstAdminPasswordAndPreviousTokenKeyAreOptionalKeysOfTheSecret() {
        var env = envByName(manifest.appContainer());
        for (var name : List.of("MYBLOG_ADMIN_PASSWORD", "MYBLOG_TOKEN_KEY_PREVIOUS", "MYBLOG_TOKEN_KEY_PREVIOUS_UNTIL")) {
            var ref = env.get(name).getValueFrom().getSecretKeyRef();
            assertThat(ref.getName()).as(name).isEqualTo(APP);
            assertThat(ref.getKey()).as(name).isEqualTo(name);
            assertThat(ref.getOptional()).as(name).isTrue();
        }
    }

    @Test
    void tokenKeyIsARequiredKeyOfTheSecretSoNoPodSignsWithAKeyOfItsOwn() {
        var ref = envByName(manifest.appContainer()).get("MYBLOG_TOKEN_KEY").getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo(APP);
        assertThat(ref.getKey()).isEqualTo("MYBLOG_TOKEN_KEY");
        assertThat(ref.getOptional()).as("a missing key must keep the pod from starting").isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void trustedProxiesAreAnOptionalKeyOfTheConfigMap() {
        var ref = envByName(manifest.appContainer()).get("MYBLOG_TRUSTED_PROXIES").getValueFrom().getConfigMapKeyRef();

        assertThat(ref.getName()).isEqualTo(APP);
        assertThat(ref.getKey()).isEqualTo("MYBLOG_TRUSTED_PROXIES");
        assertThat(ref.getOptional()).as("unset, no peer's forwarded headers are believed").isTrue();
    }

    @Test
    void theReadReplicasAddressIsAnOptionalKeyOfTheConfigMap() {
        var env = envByName(manifest.appContainer());

        for (var key : List.of("MYSQL_READ_HOST", "MYSQL_READ_PORT")) {
            var ref = env.get(key).getValueFrom().getConfigMapKeyRef();
            assertThat(ref.getName()).isEqualTo(APP);
            assertThat(ref.getKey()).isEqualTo(key);
            assertThat(ref.getOptional()).as("unset, every read goes to MYSQL_HOST and the pod still starts").isTrue();
        }
    }

    @Test
    void ingressRoutesTheConfiguredHostToTheService() {
        var rule = manifest.get(Ingress.class, APP).getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("myblog.jds.local");
        var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo(APP);
        assertThat(backend.getPort().getName()).isEqualTo("http");
    }

    @Test
    void livenessAndReadinessHitTheHealthEndpointsOnTheManagementPortWithTheCoursesTimings() {
        var app = manifest.appContainer();
        assertProbe(app.getLivenessProbe(), "/q/health/live", app);
        assertProbe(app.getReadinessProbe(), "/q/health/ready", app);
    }

    @Test
    void startupProbeLeavesTheJvmAtLeastAMinuteToStart() {
        var startup = manifest.appContainer().getStartupProbe();
        int window = startup.getInitialDelaySeconds() + startup.getFailureThreshold() * startup.getPeriodSeconds();
        assertThat(window).isGreaterThanOrEqualTo(60);
    }

    @Test
    void startupProbeNoticesASubSecondStartWithinTwoSeconds() {
        var app = manifest.appContainer();
        var startup = app.getStartupProbe();
        assertThat(startup.getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(resolvePort(startup.getHttpGet().getPort(), app)).isEqualTo(MANAGEMENT_PORT);
        assertThat(startup.getInitialDelaySeconds()).isZero();
        assertThat(startup.getPeriodSeconds()).isLessThanOrEqualTo(2);
        assertThat(startup.getTimeoutSeconds()).isEqualTo(2);
    }

    @Test
    void requestsAndLimitsAreTheCourses() {
        var resources = manifest.appContainer().getResources();
        assertThat(resources.getRequests()).containsEntry("memory", new Quantity("100Mi"))
                .containsEntry("cpu", new Quantity("50m"));
        assertThat(resources.getLimits()).containsEntry("memory", new Quantity("500Mi"));
        // A CPU limit must exist, and be at least the request, or the JVM start could be throttled without bound.
        assertThat(Quantity.getAmountInBytes(resources.getLimits().get("cpu")))
                .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(new Quantity("500m")));
    }

    @Test
    void databaseSettingsComeFromTheConfigMapAndCredentialsFromTheSecret() {
        var env = envByName(manifest.appContainer());
        for (var name : CONFIG_MAP_ENV) {
            var ref = env.get(name).getValueFrom().getConfigMapKeyRef();
            assertThat(ref).as(name).isNotNull();
            assertThat(ref.getName()).isEqualTo(APP);
            assertThat(ref.getKey()).isEqualTo(name);
        }
        for (var name : SECRET_ENV) {
            var ref = env.get(name).getValueFrom().getSecretKeyRef();
            assertThat(ref).as(name).isNotNull();
            assertThat(ref.getName()).isEqualTo(APP);
            assertThat(ref.getKey()).isEqualTo(name);
        }
        // The Flyway init task's QUARKUS_FLYWAY_ACTIVE=false would stop DatabaseMonitor from migrating the schema.
        assertThat(env).doesNotContainKey("QUARKUS_FLYWAY_ACTIVE");
    }

    @Test
    void initContainerWaitsBoundedForMysqlTcp() {
        var pod = manifest.deployment().getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
            assertThat(init.getName()).isEqualTo("wait-for-mysql");
            var script = String.join(" ", init.getCommand()) + " " + String.join(" ", init.getArgs());
            assertThat(script).contains("nc -z", "$MYSQL_HOST", "$MYSQL_PORT", "exit 1");
            var env = envByName(init);
            assertThat(env.get("MYSQL_HOST").getValueFrom().getConfigMapKeyRef().getName()).isEqualTo(APP);
            assertThat(env.get("MYSQL_PORT").getValueFrom().getConfigMapKeyRef().getName()).isEqualTo(APP);
            assertThat(init.getResources().getLimits()).containsKeys("cpu", "memory");
        });
    }

    @Test
    void podOutlivesPreStopShutdownDelayAndTimeout() throws IOException {
        var pod = manifest.deployment().getSpec().getTemplate().getSpec();
        var preStop = manifest.appContainer().getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop).first().isEqualTo("sleep");
        long preStopSeconds = Long.parseLong(preStop.get(1));
        var config = applicationProperties();
        long shutdown = Duration.parse("PT" + config.getProperty("quarkus.shutdown.delay")).toSeconds()
                + Duration.parse("PT" + config.getProperty("quarkus.shutdown.timeout")).toSeconds();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(preStopSeconds + shutdown);
    }

    @Test
    void containersRunNonRootWithoutPrivilegesOnAReadOnlyRoot() {
        var pod = manifest.deployment().getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        var containers = allContainers();
        assertThat(containers).hasSize(2).allSatisfy(c -> {
            var security = c.getSecurityContext();
            assertThat(security.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
            assertThat(security.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
        });
        // busybox's image user is root: it needs an explicit one to pass runAsNonRoot.
        assertThat(container(pod.getInitContainers(), "wait-for-mysql").getSecurityContext().getRunAsUser())
                .isPositive();
        // The one writable place is an emptyDir at /tmp.
        assertThat(manifest.appContainer().getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        var tmp = manifest.appContainer().getVolumeMounts().stream()
                .filter(m -> "/tmp".equals(m.getMountPath())).findFirst().orElseThrow().getName();
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo(tmp);
            assertThat(v.getEmptyDir()).isNotNull();
        });
    }

    @Test
    void metricsAreAnnotatedForScraping() {
        var annotations = manifest.deployment().getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", Integer.toString(MANAGEMENT_PORT));
    }

    @Test
    void controllerRoleGrantsOnlyWhatTheConfigWatcherNeedsByName() {
        var role = manifest.get(Role.class, CONTROLLER);
        var needed = ReloadRbac.rules(APP, ReloadSettings.DEFAULT_LEASE).stream().map(KubernetesManifestIT::describe).toList();
        assertThat(role.getRules().stream().map(KubernetesManifestIT::describe).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(needed)
                .contains("[] [configmaps] [myblog] [list, watch]", "[apps] [deployments] [myblog] [get, patch]");
        // Only create goes without a name: the API cannot authorize a name that does not exist yet.
        assertThat(role.getRules()).allSatisfy(rule -> assertThat(rule.getResourceNames().isEmpty())
                .as(describe(rule)).isEqualTo(rule.getVerbs().equals(List.of("create"))));
        assertThat(manifest.objects()).noneMatch(o -> o.getKind().startsWith("Cluster"));
    }

    @Test
    void onlyTheControllersServiceAccountIsBoundAndMountsAToken() {
        var binding = manifest.get(RoleBinding.class, CONTROLLER);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(CONTROLLER);
        assertThat(manifest.objects()).filteredOn(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .flatMap(RoleBinding::getSubjects).singleElement().satisfies(s -> {
                    assertThat(s.getKind()).isEqualTo("ServiceAccount");
                    assertThat(s.getName()).isEqualTo(CONTROLLER);
                });
        var controllerPod = manifest.get(Deployment.class, CONTROLLER).getSpec().getTemplate().getSpec();
        assertThat(controllerPod.getServiceAccountName()).isEqualTo(CONTROLLER);
        assertThat(controllerPod.getAutomountServiceAccountToken()).isTrue();
    }

    @Test
    void webAndMysqlPodsMountNoApiToken() {
        var web = manifest.deployment().getSpec().getTemplate().getSpec();
        assertThat(web.getServiceAccountName()).isEqualTo(APP);
        assertThat(web.getAutomountServiceAccountToken()).isFalse();
        assertThat(manifest.get(ServiceAccount.class, APP).getAutomountServiceAccountToken()).isFalse();
        assertThat(manifest.mysql().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        // nor a token brought in by hand
        assertThat(Stream.concat(web.getVolumes().stream(), Stream.ofNullable(manifest.mysql().getSpec().getTemplate()
                .getSpec().getVolumes()).flatMap(List::stream)))
                .noneMatch(v -> v.getProjected() != null && v.getProjected().getSources().stream()
                        .anyMatch(source -> source.getServiceAccountToken() != null));
    }

    @Test
    void namespaceEnforcesRestrictedAndEveryPodTemplateMeetsIt() {
        assertThat(manifest.objects()).filteredOn(o -> o.getKind().equals("Namespace")).singleElement()
                .satisfies(ns -> assertThat(ns.getMetadata().getLabels())
                        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                        .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                        .containsEntry("pod-security.kubernetes.io/warn", "restricted"));
        var templates = Stream.of(manifest.deployment().getSpec().getTemplate(),
                manifest.get(Deployment.class, CONTROLLER).getSpec().getTemplate(), manifest.mysql().getSpec().getTemplate());
        assertThat(templates).allSatisfy(t -> assertThat(RestrictedPodSecurity.violations(t.getSpec()))
                .as(t.getMetadata().getLabels().toString()).isEmpty());
        assertThat(manifest.deployment().getSpec().getTemplate().getSpec().getSecurityContext().getSeccompProfile()
                .getType()).isEqualTo("RuntimeDefault");
    }

    @Test
    void controllerRunsOneReplicaOfTheSameImageWithProbesAndMetricsOnItsManagementPort() {
        var controller = manifest.get(Deployment.class, CONTROLLER);
        assertThat(controller.getSpec().getReplicas()).isEqualTo(1);
        var container = controller.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(manifest.appContainer().getImage());
        assertThat(container.getArgs()).containsExactly("controller");
        assertThat(container.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("management");
            assertThat(p.getContainerPort()).isEqualTo(MANAGEMENT_PORT);
        });
        assertProbe(container.getReadinessProbe(), "/q/health/ready", container);
        assertProbe(container.getLivenessProbe(), "/q/health/live", container);
        assertThat(controller.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", Integer.toString(MANAGEMENT_PORT))
                .containsEntry("prometheus.io/path", "/q/metrics");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getResources().getLimits()).containsKeys("memory", "cpu");
        assertThat(container.getEnv()).as("no database settings, no secrets").isEmpty();
    }

    @Test
    void theDatabaseCaIsMountedFromAnOptionalSecretKeyIntoTheAppOnly() {
        var pod = manifest.deployment().getSpec().getTemplate().getSpec();
        var mount = manifest.appContainer().getVolumeMounts().stream()
                .filter(m -> "/etc/myblog/mysql-ca".equals(m.getMountPath())).findFirst().orElseThrow();
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(mount.getName())).singleElement()
                .satisfies(v -> {
                    assertThat(v.getSecret().getSecretName()).isEqualTo(APP);
                    assertThat(v.getSecret().getOptional()).as("pods without TLS start without the key").isTrue();
                    assertThat(v.getSecret().getItems()).singleElement().satisfies(item -> {
                        assertThat(item.getKey()).isEqualTo("MYSQL_SSL_CA");
                        assertThat(item.getPath()).isEqualTo("ca.pem");
                    });
                    assertThat(v.getSecret().getDefaultMode()).as("readable by the non-root user").isEqualTo(0444);
                });
        assertThat(manifest.mysql().getSpec().getTemplate().getSpec().getVolumes())
                .noneMatch(v -> v.getSecret() != null && APP.equals(v.getSecret().getSecretName()));
    }

    @Test
    void configMapPointsTheAppAtTheMysqlService() {
        assertThat(manifest.get(ConfigMap.class, APP).getData())
                .containsExactlyInAnyOrderEntriesOf(Map.of("MYSQL_HOST", "mysql", "MYSQL_PORT", "3306",
                        "MYSQL_SSL_MODE", "disabled"));
        var mysql = manifest.get(Service.class, "mysql");
        assertThat(mysql.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(mysql.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(3306));
    }

    @Test
    void mysqlKeepsItsDataAndTakesItsCredentialsFromTheSecret() {
        var statefulSet = manifest.get(StatefulSet.class, "mysql");
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("mysql");
        var mysql = container(statefulSet.getSpec().getTemplate().getSpec().getContainers(), "mysql");
        assertThat(mysql.getImage()).isEqualTo("mysql:8.0");
        assertThat(resolvePort(mysql.getLivenessProbe().getTcpSocket().getPort(), mysql)).isEqualTo(3306);
        assertThat(mysql.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(mysql.getResources().getLimits()).containsKeys("cpu", "memory");
        var claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        assertThat(mysql.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(claim);
            assertThat(m.getMountPath()).isEqualTo("/var/lib/mysql");
        });
        var env = envByName(mysql);
        assertThat(env.keySet()).containsExactlyInAnyOrder(
                "MYSQL_ROOT_PASSWORD", "MYSQL_DATABASE", "MYSQL_USER", "MYSQL_PASSWORD");
        // Root's password lives in its own Secret, which the app's Role cannot read (issue 11).
        assertThat(env.values()).allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName())
                .as(e.getName()).isEqualTo(e.getName().equals("MYSQL_ROOT_PASSWORD") ? "mysql-root" : APP));
        // The image's account must be the one the app logs in with.
        assertThat(env.get("MYSQL_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("MYSQL_PASSWD");
        assertThat(env.get("MYSQL_USER").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("MYSQL_USER");
    }

    private static void assertProbe(Probe probe, String path, Container app) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(resolvePort(probe.getHttpGet().getPort(), app)).as(path).isEqualTo(MANAGEMENT_PORT);
        assertThat(probe.getPeriodSeconds()).as(path).isEqualTo(15);
        assertThat(probe.getTimeoutSeconds()).as(path).isEqualTo(2);
    }

    /** A port given by number or by the container port's name, as Kubernetes resolves it. */
    static int resolvePort(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    private List<Container> allContainers() {
        var pod = manifest.deployment().getSpec().getTemplate().getSpec();
        return java.util.stream.Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).toList();
    }

    private static List<String> kindsAndNames(GeneratedManifest m) {
        return m.objects().stream().map(KubernetesManifestIT::describe).toList();
    }

    private static String describe(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getName();
    }

    private static String describe(PolicyRule r) {
        return r.getApiGroups() + " " + r.getResources() + " " + r.getResourceNames() + " " + r.getVerbs();
    }

    private static String[] exampleSecretValues() throws IOException {
        return ManifestConsistencyIT.secretExample().values().stream()
                .filter(v -> v.length() > 6).toArray(String[]::new);
    }

    static Properties applicationProperties() throws IOException {
        var properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
            properties.load(in);
        }
        return properties;
    }
}
