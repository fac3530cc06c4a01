package io.myblog.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Whether a set of NetworkPolicies lets one connection through, as the API reference defines it
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/): a pod selected by a policy of a
 * direction is isolated in it and takes only what some rule of those policies allows; rules add up; a connection needs
 * the sender's egress and the receiver's ingress. No API server evaluates policies here (the CNI does), hence this.
 * Traffic from a pod's own node is always allowed and not modelled.
 */
public final class NetworkPolicyVerdict {

    /** A pod (namespace, labels, container ports) or, with no namespace, an address outside every pod. */
    public record Endpoint(String namespace, Map<String, String> labels, String ip, List<ContainerPort> ports) {

        public static Endpoint pod(String namespace, Map<String, String> labels, String ip, List<ContainerPort> ports) {
            return new Endpoint(namespace, labels, ip, ports);
        }

        public static Endpoint address(String ip) {
            return new Endpoint(null, Map.of(), ip, List.of());
        }

        boolean isPod() {
            return namespace != null;
        }
    }

    private final List<NetworkPolicy> policies;

    public NetworkPolicyVerdict(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    public boolean allows(Endpoint from, Endpoint to, String protocol, int port) {
        return egressAllows(from, to, protocol, port) && ingressAllows(from, to, protocol, port);
    }

    private boolean ingressAllows(Endpoint from, Endpoint to, String protocol, int port) {
        var isolating = selecting(to, "Ingress");
        return isolating.isEmpty() || isolating.stream().anyMatch(policy -> policy.getSpec().getIngress() != null
                && policy.getSpec().getIngress().stream().anyMatch(rule -> peers(rule.getFrom(), policy, from)
                        && ports(rule.getPorts(), to, protocol, port)));
    }

    private boolean egressAllows(Endpoint from, Endpoint to, String protocol, int port) {
        var isolating = selecting(from, "Egress");
        return isolating.isEmpty() || isolating.stream().anyMatch(policy -> policy.getSpec().getEgress() != null
                && policy.getSpec().getEgress().stream().anyMatch(rule -> peers(rule.getTo(), policy, to)
                        && ports(rule.getPorts(), to, protocol, port)));
    }

    /** The policies of the endpoint's namespace that select it for a direction (policyTypes' documented default). */
    private List<NetworkPolicy> selecting(Endpoint endpoint, String direction) {
        if (!endpoint.isPod()) {
            return List.of();
        }
        return policies.stream().filter(p -> endpoint.namespace().equals(p.getMetadata().getNamespace()))
                .filter(p -> matches(p.getSpec().getPodSelector(), endpoint.labels()))
                .filter(p -> types(p).contains(direction)).toList();
    }

    private static List<String> types(NetworkPolicy policy) {
        if (policy.getSpec().getPolicyTypes() != null && !policy.getSpec().getPolicyTypes().isEmpty()) {
            return policy.getSpec().getPolicyTypes();
        }
        return policy.getSpec().getEgress() == null || policy.getSpec().getEgress().isEmpty() ? List.of("Ingress")
                : List.of("Ingress", "Egress");
    }

    /** An absent or empty list of peers means every source or destination. */
    private static boolean peers(List<NetworkPolicyPeer> peers, NetworkPolicy policy, Endpoint other) {
        return peers == null || peers.isEmpty() || peers.stream().anyMatch(peer -> peer(peer, policy, other));
    }

    private static boolean peer(NetworkPolicyPeer peer, NetworkPolicy policy, Endpoint other) {
        if (peer.getIpBlock() != null) {
            return other.ip() != null && inBlock(peer.getIpBlock(), other.ip());
        }
        if (!other.isPod()) {
            return false;
        }
        var namespaceMatches = peer.getNamespaceSelector() == null
                ? other.namespace().equals(policy.getMetadata().getNamespace())
                : matches(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", other.namespace()));
        var podMatches = peer.getPodSelector() == null || matches(peer.getPodSelector(), other.labels());
        return namespaceMatches && podMatches;
    }

    /** A named port is the destination pod's container port of that name. */
    private static boolean ports(List<NetworkPolicyPort> ports, Endpoint to, String protocol, int port) {
        return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> {
            var policyProtocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!policyProtocol.equals(protocol)) {
                return false;
            }
            if (p.getPort() == null) {
                return true;
            }
            if (p.getPort().getIntVal() != null) {
                int last = p.getEndPort() == null ? p.getPort().getIntVal() : p.getEndPort();
                return port >= p.getPort().getIntVal() && port <= last;
            }
            return to.ports().stream().anyMatch(c -> p.getPort().getStrVal().equals(c.getName())
                    && c.getContainerPort() == port);
        });
    }

    /** Every matchLabels entry and every In/NotIn/Exists/DoesNotExist expression; an empty selector selects all. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        var byLabels = selector.getMatchLabels() == null || selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        var byExpressions = selector.getMatchExpressions() == null || selector.getMatchExpressions().stream()
                .allMatch(e -> switch (e.getOperator()) {
                    case "In" -> e.getValues().contains(labels.get(e.getKey()));
                    case "NotIn" -> !e.getValues().contains(labels.get(e.getKey()));
                    case "Exists" -> labels.containsKey(e.getKey());
                    case "DoesNotExist" -> !labels.containsKey(e.getKey());
                    default -> throw new AssertionError("unknown operator " + e.getOperator());
                });
        return byLabels && byExpressions;
    }

    private static boolean inBlock(IPBlock block, String ip) {
        return inCidr(block.getCidr(), ip) && (block.getExcept() == null
                || block.getExcept().stream().noneMatch(except -> inCidr(except, ip)));
    }

    private static boolean inCidr(String cidr, String ip) {
        var parts = cidr.split("/");
        var network = bytes(parts[0]);
        var address = bytes(ip);
        if (network.length != address.length) {
            return false;
        }
        int bits = Integer.parseInt(parts[1]);
        int width = network.length * 8;
        var mask = bits == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(width - bits);
        return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
    }

    /** Literal addresses only: InetAddress parses them without a lookup. */
    private static byte[] bytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
    }
}
