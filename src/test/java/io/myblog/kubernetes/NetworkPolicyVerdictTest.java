package io.myblog.kubernetes;

import static io.myblog.kubernetes.NetworkPolicyVerdict.Endpoint.address;
import static io.myblog.kubernetes.NetworkPolicyVerdict.Endpoint.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The judge of NetworkPolicyManifestIT earns its trust on the semantics the Kubernetes documentation states
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/, "Behavior of to and from selectors").
 */
class NetworkPolicyVerdictTest {

    private static final Map<String, String> DB = Map.of("role", "db");
    private static final Map<String, String> FRONTEND = Map.of("role", "frontend");
    private static final NetworkPolicyVerdict.Endpoint DB_POD = pod("default", DB, "10.0.0.10",
            List.of(new ContainerPortBuilder().withName("redis").withContainerPort(6379).build()));

    @Test
    void aPodNoPolicySelectsTakesAndSendsEverything() {
        var verdict = new NetworkPolicyVerdict(List.of(isolatedDb().build()));
        var other = pod("default", FRONTEND, "10.0.0.11", List.of());

        assertThat(verdict.allows(address("203.0.113.1"), other, "TCP", 80)).isTrue();
        assertThat(verdict.allows(other, address("203.0.113.1"), "UDP", 53)).isTrue();
    }

    @Test
    void aSelectedPodWithoutRulesTakesNothing() {
        var verdict = new NetworkPolicyVerdict(List.of(isolatedDb().build()));

        assertThat(verdict.allows(pod("default", FRONTEND, "10.0.0.11", List.of()), DB_POD, "TCP", 6379)).isFalse();
    }

    @Test
    void aPodSelectorAloneMeansThePolicysNamespaceAndBothSelectorsInOnePeerMeanBoth() {
        var podOnly = new NetworkPolicyVerdict(List.of(isolatedDb()
                .editSpec().addNewIngress().addNewFrom().withNewPodSelector().withMatchLabels(FRONTEND).endPodSelector()
                .endFrom().endIngress().endSpec().build()));
        assertThat(podOnly.allows(pod("default", FRONTEND, "10.0.0.11", List.of()), DB_POD, "TCP", 6379)).isTrue();
        assertThat(podOnly.allows(pod("other", FRONTEND, "10.0.1.11", List.of()), DB_POD, "TCP", 6379)).isFalse();

        var both = new NetworkPolicyVerdict(List.of(isolatedDb()
                .editSpec().addNewIngress().addNewFrom()
                .withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "other").endNamespaceSelector()
                .withNewPodSelector().withMatchLabels(FRONTEND).endPodSelector()
                .endFrom().endIngress().endSpec().build()));
        assertThat(both.allows(pod("other", FRONTEND, "10.0.1.11", List.of()), DB_POD, "TCP", 6379)).isTrue();
        assertThat(both.allows(pod("other", Map.of("role", "batch"), "10.0.1.12", List.of()), DB_POD, "TCP", 6379))
                .isFalse();
        assertThat(both.allows(pod("default", FRONTEND, "10.0.0.11", List.of()), DB_POD, "TCP", 6379)).isFalse();
    }

    @Test
    void anIpBlockTakesItsRangeButItsExceptionsAndANamedPortIsTheDestinationsPort() {
        var verdict = new NetworkPolicyVerdict(List.of(isolatedDb()
                .editSpec().addNewIngress().addNewFrom().withNewIpBlock().withCidr("172.17.0.0/16")
                .withExcept("172.17.1.0/24").endIpBlock().endFrom()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString("redis")).endPort().endIngress().endSpec()
                .build()));

        assertThat(verdict.allows(address("172.17.0.5"), DB_POD, "TCP", 6379)).isTrue();
        assertThat(verdict.allows(address("172.17.1.5"), DB_POD, "TCP", 6379)).isFalse();
        assertThat(verdict.allows(address("172.18.0.5"), DB_POD, "TCP", 6379)).isFalse();
        assertThat(verdict.allows(address("172.17.0.5"), DB_POD, "TCP", 6380)).isFalse();
        assertThat(verdict.allows(address("172.17.0.5"), DB_POD, "UDP", 6379)).isFalse();
    }

    @Test
    void anEgressPolicyLetsTheSenderReachOnlyItsRulesDestinationsAndRulesAddUp() {
        var egress = new NetworkPolicyBuilder().withNewMetadata().withName("out").withNamespace("default").endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(DB).endPodSelector().withPolicyTypes("Egress")
                .addNewEgress().addNewTo().withNewIpBlock().withCidr("10.0.0.0/24").endIpBlock().endTo()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(5978)).endPort().endEgress().endSpec().build();
        var more = new NetworkPolicyBuilder(egress).editMetadata().withName("more").endMetadata().editSpec()
                .withEgress().addNewEgress().addNewPort().withProtocol("UDP").withPort(new IntOrString(53)).endPort()
                .endEgress().endSpec().build();

        var one = new NetworkPolicyVerdict(List.of(egress));
        assertThat(one.allows(DB_POD, address("10.0.0.99"), "TCP", 5978)).isTrue();
        assertThat(one.allows(DB_POD, address("10.0.1.99"), "TCP", 5978)).isFalse();
        assertThat(one.allows(DB_POD, address("10.0.0.99"), "UDP", 53)).isFalse();
        assertThat(new NetworkPolicyVerdict(List.of(egress, more)).allows(DB_POD, address("10.0.1.99"), "UDP", 53))
                .isTrue();
        // Egress only: the pod's ingress is not isolated by it
        assertThat(one.allows(address("203.0.113.1"), DB_POD, "TCP", 6379)).isTrue();
    }

    private static NetworkPolicyBuilder isolatedDb() {
        return new NetworkPolicyBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(DB).endPodSelector().withPolicyTypes("Ingress")
                .endSpec();
    }
}
