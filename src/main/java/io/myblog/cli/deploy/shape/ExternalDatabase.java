package io.myblog.cli.deploy.shape;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.shared.MysqlSslMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A MySQL the stack does not run (RDS, Cloud SQL, Azure, an InnoDB Cluster's Router): the app's ConfigMap points at
 * it, the bundled MySQL's objects are left out, and a NetworkPolicy lets the app's pods and its migration Job's reach it
 * and the cluster DNS, and nothing else.
 */
public record ExternalDatabase(String host, int port, List<String> cidrs, MysqlSslMode sslMode,
        Optional<ReadReplica> replica) {

    /** A server outside the cluster is reached over networks the stack does not own: verified TLS unless told otherwise. */
    public static final MysqlSslMode DEFAULT_SSL_MODE = MysqlSslMode.VERIFY_IDENTITY;

    /** Where lists, search and pages read (a managed read replica, Router's read-only port 6447); within the CIDRs. */
    public record ReadReplica(String host, int port) {
    }

    public ExternalDatabase(String host, int port, List<String> cidrs) {
        this(host, port, cidrs, DEFAULT_SSL_MODE);
    }

    public ExternalDatabase(String host, int port, List<String> cidrs, MysqlSslMode sslMode) {
        this(host, port, cidrs, sslMode, Optional.empty());
    }

    /** The egress policy's name; only {@code deploy --mysql external} makes it, so it also marks the variant live. */
    public static final String POLICY = "myblog-database";
    public static final String DATABASE = "mysql";
    /** Where the cluster DNS runs in kubeadm, k3s, EKS and GKE alike (CoreDNS keeps kube-dns' label). */
    public static final String DNS_NAMESPACE = "kube-system";
    public static final Map<String, String> DNS_PODS = Map.of("k8s-app", "kube-dns");
    public static final int DNS_PORT = 53;
    private static final Set<String> BUNDLED_KINDS = Set.of("Service", "PodDisruptionBudget",
            "NetworkPolicy");

    /** The bundled MySQL's own objects (its StatefulSet, Service, PDB, policy, claims), which this variant omits. */
    public static boolean isBundled(HasMetadata object) {
        var kind = object.getKind();
        return kind.equals("StatefulSet") || kind.equals("PersistentVolumeClaim")
                || BUNDLED_KINDS.contains(object.getKind()) && DATABASE.equals(object.getMetadata().getName());
    }

    /**
     * ConfigMap {@code myblog} pointing at this server: the keys the app and its wait-for-mysql container read, and the
     * TLS mode (the CA is Secret key MYSQL_SSL_CA, the operator's).
     */
    public ConfigMap pointedAt(ConfigMap configMap) {
        var copy = Serialization.clone(configMap);
        var data = new TreeMap<String, String>(copy.getData() == null ? Map.of() : copy.getData());
        data.put("MYSQL_HOST", host);
        data.put("MYSQL_PORT", Integer.toString(port));
        data.put(MysqlSslMode.VARIABLE, sslMode.configName());
        replica.ifPresent(read -> {
            data.put("MYSQL_READ_HOST", read.host());
            data.put("MYSQL_READ_PORT", Integer.toString(read.port()));
        });
        copy.setData(data);
        return copy;
    }

    /**
     * The app's pods may open connections to the database's addresses on its port (and the read replica's), and to the cluster DNS (the host
     * is a name); with this policy every other egress of theirs is denied, which is NetworkPolicy's rule once one
     * selects a pod for Egress. The policy selects the migration Job's pods too ({@code migrationPods}, their labels):
     * the same code against the same server, which needs nothing else either (no API server: they mount no token).
     */
    public NetworkPolicy egressPolicy(Deployment app, Map<String, String> migrationPods) {
        var labels = new TreeMap<>(app.getSpec().getSelector().getMatchLabels());
        var database = new NetworkPolicyEgressRuleBuilder()
                .withTo(cidrs.stream().map(cidr -> new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr)
                        .endIpBlock().build()).toList())
                .withPorts(ports().stream().map(p -> new NetworkPolicyPortBuilder().withProtocol("TCP")
                        .withPort(new IntOrString(p)).build()).toList())
                .build();
        return new NetworkPolicyBuilder().withNewMetadata().withName(POLICY)
                .withNamespace(app.getMetadata().getNamespace()).withLabels(labels).endMetadata()
                .withNewSpec().withPodSelector(eitherPods(labels, migrationPods))
                .withPolicyTypes("Egress").withEgress(dnsEgress(), database).endSpec().build();
    }

    /**
     * One selector for two sets of pods, as a policy has one: each key of the app's selector, with the app's or the
     * Job's value. The Job's labels must carry every key of it (with another value, so that the app's own selector
     * never takes the Job's pods).
     */
    private static LabelSelector eitherPods(Map<String, String> app, Map<String, String> migration) {
        var requirements = app.entrySet().stream().map(label -> {
            var other = migration.get(label.getKey());
            if (other == null) {
                throw new IllegalArgumentException("the migration Job's pods have no label " + label.getKey()
                        + " of the app's selector: the egress policy could not select them");
            }
            return new LabelSelectorRequirementBuilder().withKey(label.getKey()).withOperator("In")
                    .withValues(new java.util.TreeSet<>(List.of(label.getValue(), other)).stream().toList()).build();
        }).toList();
        return new LabelSelectorBuilder().withMatchExpressions(requirements).build();
    }

    /** The server's port and the replica's, once each. */
    private List<Integer> ports() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(port), replica.stream().map(ReadReplica::port))
                .distinct().toList();
    }

    /** Egress to the cluster DNS, UDP and TCP (large answers fall back to TCP). */
    public static NetworkPolicyEgressRule dnsEgress() {
        return new NetworkPolicyEgressRuleBuilder()
                .addToTo(new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(new LabelSelectorBuilder().withMatchExpressions(
                                new LabelSelectorRequirementBuilder().withKey(StackShape.NAMESPACE_NAME_LABEL)
                                        .withOperator("In").withValues(DNS_NAMESPACE).build()).build())
                        .withNewPodSelector().withMatchLabels(new TreeMap<>(DNS_PODS)).endPodSelector().build())
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(DNS_PORT)).build(),
                        new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(DNS_PORT)).build())
                .build();
    }
}
