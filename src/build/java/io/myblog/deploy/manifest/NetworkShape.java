package io.myblog.deploy.manifest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.myblog.cli.deploy.shape.ExternalDatabase;
import io.myblog.cli.deploy.shape.StackShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The NetworkPolicies of the app and of the controller (https://kubernetes.io/docs/concepts/services-networking/network-policies/),
 * read from the Deployments' ports, so they follow whatever ports the build generated. Traffic from a pod's own node
 * (the kubelet's probes) is always allowed, whatever a policy says.
 */
public final class NetworkShape {

    /** The API server as the controller's pods reach it: its addresses (CIDR) and ports, both operator-set. */
    public record ApiServer(List<String> cidrs, List<Integer> ports) {
    }

    private NetworkShape() {
    }

    /**
     * myblog's pods take the ports its Service sends traffic to from the ingress controller's namespaces (from anyone
     * when none is named), and every other container port (the management interface: health, metrics) only from the
     * scrapers' namespaces.
     */
    public static NetworkPolicy appPolicy(Deployment deployment, Service service, List<String> ingressNamespaces,
            List<String> scrapers) {
        var container = StackShape.appContainer(deployment);
        var servedPorts = service.getSpec().getPorts().stream().map(p -> p.getTargetPort())
                .map(target -> containerPort(container, target)).flatMap(Optional::stream).toList();
        var rules = new ArrayList<NetworkPolicyIngressRule>();
        var served = new NetworkPolicyIngressRuleBuilder().withPorts(servedPorts.stream().map(NetworkShape::policyPort)
                .toList());
        if (!ingressNamespaces.isEmpty()) {
            served.addNewFrom().withNamespaceSelector(namespaces(ingressNamespaces)).endFrom();
        }
        rules.add(served.build());
        var otherPorts = container.getPorts().stream().filter(p -> !servedPorts.contains(p)).toList();
        if (!otherPorts.isEmpty()) {
            rules.add(fromScrapers(otherPorts, scrapers));
        }
        return new NetworkPolicyBuilder().withMetadata(metadata(deployment))
                .withNewSpec().withNewPodSelector().withMatchLabels(selectorLabels(deployment)).endPodSelector()
                .withPolicyTypes("Ingress").withIngress(rules).endSpec().build();
    }

    /**
     * The controller's pods take only their management port (metrics; the probes come from the node) from the
     * scrapers, and reach only the API server and the cluster DNS: whoever runs code in them holds the controller's
     * token and can send it nowhere else.
     */
    public static NetworkPolicy controllerPolicy(Deployment controller, List<String> scrapers, ApiServer apiServer) {
        var container = StackShape.appContainer(controller);
        var dns = ExternalDatabase.dnsEgress();
        var api = new NetworkPolicyEgressRuleBuilder()
                .withTo(apiServer.cidrs().stream().map(cidr -> new NetworkPolicyPeerBuilder().withNewIpBlock()
                        .withCidr(cidr).endIpBlock().build()).toList())
                .withPorts(apiServer.ports().stream().map(p -> port("TCP", new IntOrString(p))).toList()).build();
        return new NetworkPolicyBuilder().withMetadata(metadata(controller))
                .withNewSpec().withNewPodSelector().withMatchLabels(selectorLabels(controller)).endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(fromScrapers(container.getPorts(), scrapers))
                .withEgress(dns, api)
                .endSpec().build();
    }

    private static NetworkPolicyIngressRule fromScrapers(List<ContainerPort> ports, List<String> scrapers) {
        return new NetworkPolicyIngressRuleBuilder()
                .addNewFrom().withNamespaceSelector(namespaces(scrapers)).endFrom()
                .withPorts(ports.stream().map(NetworkShape::policyPort).toList()).build();
    }

    private static LabelSelector namespaces(List<String> names) {
        return new LabelSelectorBuilder().withMatchExpressions(new LabelSelectorRequirementBuilder()
                .withKey(StackShape.NAMESPACE_NAME_LABEL).withOperator("In").withValues(names).build()).build();
    }

    private static ObjectMeta metadata(Deployment deployment) {
        var metadata = deployment.getMetadata();
        return new ObjectMetaBuilder().withName(metadata.getName())
                .withNamespace(metadata.getNamespace()).withLabels(selectorLabels(deployment)).build();
    }

    private static Map<String, String> selectorLabels(Deployment deployment) {
        return new TreeMap<>(deployment.getSpec().getSelector().getMatchLabels());
    }

    private static Optional<ContainerPort> containerPort(Container container, IntOrString target) {
        return container.getPorts().stream().filter(p -> target.getIntVal() != null
                ? target.getIntVal().equals(p.getContainerPort()) : target.getStrVal().equals(p.getName())).findFirst();
    }

    private static NetworkPolicyPort policyPort(ContainerPort port) {
        return port(port.getProtocol() == null ? "TCP" : port.getProtocol(),
                port.getName() != null ? new IntOrString(port.getName()) : new IntOrString(port.getContainerPort()));
    }

    private static NetworkPolicyPort port(String protocol, IntOrString port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(port).build();
    }
}
