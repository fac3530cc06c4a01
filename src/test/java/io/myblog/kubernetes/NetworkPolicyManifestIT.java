package io.myblog.kubernetes;

import static io.myblog.kubernetes.NetworkPolicyVerdict.Endpoint.address;
import static io.myblog.kubernetes.NetworkPolicyVerdict.Endpoint.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.myblog.kubernetes.NetworkPolicyVerdict.Endpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may talk to whom under the generated NetworkPolicies, tried as an attacker would (issues 23 and 24): a pod of
 * the app's own namespace forging {@code X-Forwarded-For} on port 8002, a stolen controller token sent anywhere but
 * the API server. Connections are judged by {@link NetworkPolicyVerdict} on the policies of the generated file and
 * of build variants; pods carry the labels and ports the generated workloads give them.
 */
class NetworkPolicyManifestIT {

    private static final String NS = "jds";
    private static final String CONTROLLER = "myblog-controller";
    private static final Endpoint INGRESS_CONTROLLER = pod("ingress-nginx",
            Map.of("app.kubernetes.io/name", "ingress-nginx"), "10.244.1.5", List.of());
    private static final Endpoint PROMETHEUS = pod("monitoring", Map.of("app", "prometheus"), "10.244.2.7", List.of());
    private static final Endpoint ROGUE_POD = pod(NS, Map.of("app", "rogue"), "10.244.1.9", List.of());
    private static final Endpoint CLUSTER_DNS = pod("kube-system", Map.of("k8s-app", "kube-dns"), "10.244.0.3",
            List.of());
    private static final Endpoint OTHER_DNS = pod("tenant-b", Map.of("k8s-app", "kube-dns"), "10.244.3.3", List.of());
    /** Service kubernetes' ClusterIP, and an API server endpoint on a control-plane node (kubeadm's port). */
    private static final Endpoint API_SERVICE = address("10.96.0.1");
    private static final Endpoint API_ENDPOINT = address("192.168.56.10");
    private static final Endpoint INTERNET = address("203.0.113.7");

    private final GeneratedManifest manifest = GeneratedManifest.yaml();

    @TempDir
    Path variants;

    @Test
    void aPodOfTheAppsNamespaceCannotReachTheApplicationPortOnlyTheIngressControllerCan() {
        var verdict = verdict(manifest);
        var app = appPod(manifest);

        assertThat(verdict.allows(INGRESS_CONTROLLER, app, "TCP", port(app, "http"))).isTrue();
        // A forged X-Forwarded-For needs a connection first: from inside the namespace, or any other, there is none.
        assertThat(verdict.allows(ROGUE_POD, app, "TCP", port(app, "http"))).isFalse();
        assertThat(verdict.allows(PROMETHEUS, app, "TCP", port(app, "http"))).isFalse();
        assertThat(verdict.allows(controllerPod(manifest), app, "TCP", port(app, "http"))).isFalse();
        assertThat(verdict.allows(INTERNET, app, "TCP", port(app, "http"))).isFalse();
        // The management port (health, metrics) is Prometheus', not the ingress controller's.
        assertThat(verdict.allows(PROMETHEUS, app, "TCP", port(app, "management"))).isTrue();
        assertThat(verdict.allows(INGRESS_CONTROLLER, app, "TCP", port(app, "management"))).isFalse();
        assertThat(verdict.allows(ROGUE_POD, app, "TCP", port(app, "management"))).isFalse();
    }

    @Test
    void theIngressNamespaceIsABuildPropertyAndEmptyOpensTheApplicationPortAsBefore() throws IOException {
        // Given a cluster whose ingress controller runs in namespace "edge"
        var edge = pod("edge", Map.of("app", "traefik"), "10.244.4.4", List.of());
        var moved = ManifestVariant.of(variants, Map.of("ingress-namespace", "edge"));
        var app = appPod(moved);

        assertThat(verdict(moved).allows(edge, app, "TCP", port(app, "http"))).isTrue();
        assertThat(verdict(moved).allows(INGRESS_CONTROLLER, app, "TCP", port(app, "http"))).isFalse();

        // An empty value: no ingress namespace is named, the application port takes every source, the rest stays shut
        var open = ManifestVariant.of(variants, Map.of("ingress-namespace", ""));
        assertThat(verdict(open).allows(ROGUE_POD, app, "TCP", port(app, "http"))).isTrue();
        assertThat(verdict(open).allows(INTERNET, app, "TCP", port(app, "http"))).isTrue();
        assertThat(verdict(open).allows(ROGUE_POD, app, "TCP", port(app, "management"))).isFalse();
    }

    @Test
    void onlyPrometheusReachesTheControllerAndOnlyItsManagementPort() throws IOException {
        var verdict = verdict(manifest);
        var controller = controllerPod(manifest);

        assertThat(controller.ports()).extracting(ContainerPort::getName).containsExactly("management");
        assertThat(verdict.allows(PROMETHEUS, controller, "TCP", port(controller, "management"))).isTrue();
        assertThat(verdict.allows(ROGUE_POD, controller, "TCP", port(controller, "management"))).isFalse();
        assertThat(verdict.allows(appPod(manifest), controller, "TCP", port(controller, "management"))).isFalse();
        assertThat(verdict.allows(INGRESS_CONTROLLER, controller, "TCP", port(controller, "management"))).isFalse();

        var scrapers = ManifestVariant.of(variants, Map.of("prometheus-namespaces", "observability"));
        var observability = pod("observability", Map.of("app", "prometheus"), "10.244.2.8", List.of());
        assertThat(verdict(scrapers).allows(observability, controller, "TCP", port(controller, "management"))).isTrue();
        assertThat(verdict(scrapers).allows(PROMETHEUS, controller, "TCP", port(controller, "management"))).isFalse();
    }

    @Test
    void aStolenControllerTokenReachesTheApiServerAndTheClusterDnsAndNothingElse() {
        var verdict = verdict(manifest);
        var controller = controllerPod(manifest);

        assertThat(verdict.allows(controller, API_SERVICE, "TCP", 443)).as("Service kubernetes").isTrue();
        assertThat(verdict.allows(controller, API_ENDPOINT, "TCP", 6443)).as("the API server behind it").isTrue();
        assertThat(verdict.allows(controller, CLUSTER_DNS, "UDP", 53)).isTrue();
        assertThat(verdict.allows(controller, CLUSTER_DNS, "TCP", 53)).isTrue();

        assertThat(verdict.allows(controller, OTHER_DNS, "UDP", 53)).as("a resolver of another namespace").isFalse();
        assertThat(verdict.allows(controller, mysqlPod(), "TCP", 3306)).isFalse();
        assertThat(verdict.allows(controller, appPod(manifest), "TCP", 8002)).isFalse();
        assertThat(verdict.allows(controller, INTERNET, "TCP", 80)).isFalse();
        assertThat(verdict.allows(controller, INTERNET, "UDP", 53)).as("DNS tunnelled past the cluster's").isFalse();
    }

    @Test
    void theApiServersAddressesAndPortsAreBuildPropertiesThatShutEverythingElse() throws IOException {
        // Given the operator's narrowing to the control plane and the Service's ClusterIP
        var narrowed = ManifestVariant.of(variants, Map.of("api-server.cidrs", "192.168.56.10/32, 10.96.0.1/32",
                "api-server.ports", "443, 6443"));
        var verdict = verdict(narrowed);
        var controller = controllerPod(narrowed);

        assertThat(verdict.allows(controller, API_SERVICE, "TCP", 443)).isTrue();
        assertThat(verdict.allows(controller, API_ENDPOINT, "TCP", 6443)).isTrue();
        // The default's one gap (any address on an API server port) is closed
        assertThat(verdict(manifest).allows(controllerPod(manifest), INTERNET, "TCP", 443)).isTrue();
        assertThat(verdict.allows(controller, INTERNET, "TCP", 443)).isFalse();
        assertThat(verdict.allows(controller, API_ENDPOINT, "TCP", 22)).isFalse();
    }

    @Test
    void aPortThatIsNoPortFailsTheBuildNamingTheProperty() {
        assertThatThrownBy(() -> ManifestVariant.of(variants, Map.of("api-server.ports", "6443,https")))
                .hasMessageContaining("myblog.kubernetes.api-server.ports").hasMessageContaining("https");
    }

    @Test
    void mysqlStillTakesOnlyTheAppsPods() {
        var verdict = verdict(manifest);

        assertThat(verdict.allows(appPod(manifest), mysqlPod(), "TCP", 3306)).isTrue();
        assertThat(verdict.allows(ROGUE_POD, mysqlPod(), "TCP", 3306)).isFalse();
        assertThat(verdict.allows(INGRESS_CONTROLLER, mysqlPod(), "TCP", 3306)).isFalse();
    }

    private static NetworkPolicyVerdict verdict(GeneratedManifest manifest) {
        return new NetworkPolicyVerdict(manifest.objects().stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast).toList());
    }

    private static Endpoint appPod(GeneratedManifest manifest) {
        return podOf(manifest.deployment(), "10.244.1.20");
    }

    private static Endpoint controllerPod(GeneratedManifest manifest) {
        return podOf(manifest.get(Deployment.class, CONTROLLER), "10.244.1.30");
    }

    private Endpoint mysqlPod() {
        var template = manifest.mysql().getSpec().getTemplate();
        return pod(NS, template.getMetadata().getLabels(), "10.244.1.40", manifest.mysqlContainer().getPorts());
    }

    private static Endpoint podOf(Deployment deployment, String ip) {
        var template = deployment.getSpec().getTemplate();
        var container = GeneratedManifest.container(template.getSpec().getContainers(),
                deployment.getMetadata().getName());
        return pod(NS, template.getMetadata().getLabels(), ip, container.getPorts());
    }

    private static int port(Endpoint pod, String name) {
        return pod.ports().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no port " + name)).getContainerPort();
    }
}
