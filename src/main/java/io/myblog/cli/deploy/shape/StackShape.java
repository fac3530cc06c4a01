package io.myblog.cli.deploy.shape;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of the stack that depend on a choice made at build time or by a {@code deploy} option (the Ingress' aim,
 * MySQL's storage, the pull policy of an image): pure functions from objects to objects, used by {@code deploy} and by
 * the build step (src/build/java, io.myblog.deploy.manifest), so a choice made at either time gives the same objects.
 */
public final class StackShape {

    /** ingress-nginx's switch; with a TLS section it answers plain HTTP with a redirect to HTTPS. */
    public static final String SSL_REDIRECT = "nginx.ingress.kubernetes.io/ssl-redirect";
    public static final String CLUSTER_ISSUER = "cert-manager.io/cluster-issuer";
    /** The Secret cert-manager fills when only an issuer is named. */
    public static final String DEFAULT_TLS_SECRET = "myblog-tls";
    /** Set on every namespace by the API server (Kubernetes 1.22+), so namespaces can be selected by name. */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    public static final String MYSQL_DATA = "data";
    public static final String MYSQL_DATA_PATH = "/var/lib/mysql";
    /** The node label of the course's MySQL node, where the hostPath variant pins MySQL. */
    public static final String COURSE_NODE_LABEL = "component=mysql";
    /** The root init container that hands a hostPath directory to MySQL's user. */
    public static final String DATA_OWNER = "data-owner";

    private StackShape() {
    }

    /** Where the Ingress points and how it terminates TLS; absent values leave the Ingress as it is. */
    public record IngressAim(Optional<String> host, Optional<String> ingressClass, Optional<String> tlsSecret,
            Optional<String> certIssuer) {

        public static final IngressAim NONE = new IngressAim(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** MySQL's storage: a claim (class and size optional) or the course's pinned node with a hostPath. */
    public record MysqlStorage(Optional<String> storageClass, Optional<String> size, Optional<String> hostPath,
            Map<String, String> nodeLabels) {

        public static final MysqlStorage UNCHANGED = new MysqlStorage(Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of());
    }

    public static Ingress aimed(Ingress ingress, IngressAim aim) {
        var copy = Serialization.clone(ingress);
        var spec = copy.getSpec();
        aim.host().ifPresent(host -> spec.getRules().forEach(rule -> rule.setHost(host)));
        aim.ingressClass().ifPresent(spec::setIngressClassName);
        var annotations = new TreeMap<String, String>(copy.getMetadata().getAnnotations() == null ? Map.of()
                : copy.getMetadata().getAnnotations());
        aim.certIssuer().ifPresent(issuer -> annotations.put(CLUSTER_ISSUER, issuer));
        var secret = aim.tlsSecret().or(() -> aim.certIssuer().map(issuer -> DEFAULT_TLS_SECRET));
        secret.ifPresent(name -> spec.setTls(List.of(new IngressTLSBuilder().withSecretName(name)
                .withHosts(spec.getRules().stream().map(r -> r.getHost()).filter(h -> h != null).distinct().toList())
                .build())));
        if (spec.getTls() != null && !spec.getTls().isEmpty()) {
            if (aim.host().isPresent()) {
                spec.getTls().forEach(tls -> tls.setHosts(List.of(aim.host().get())));
            }
            annotations.put(SSL_REDIRECT, "true");
        }
        copy.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        return copy;
    }

    /**
     * A moving tag (a -SNAPSHOT version, latest, or none) is pulled on every start, or nodes keep running a stale
     * copy; a release tag or a digest is pulled once per node.
     */
    public static String pullPolicyFor(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        var tag = colon > slash ? image.substring(colon + 1) : "latest";
        return tag.equals("latest") || tag.endsWith("-SNAPSHOT") ? "Always" : "IfNotPresent";
    }

    /** MySQL on a claim of the given class and size, or on the course's labelled node with a hostPath. */
    public static StatefulSet withStorage(StatefulSet statefulSet, MysqlStorage storage) {
        var copy = Serialization.clone(statefulSet);
        if (storage.hostPath().isPresent()) {
            return onHostPath(copy, storage.hostPath().get(), storage.nodeLabels());
        }
        copy.getSpec().getVolumeClaimTemplates().stream()
                .filter(t -> MYSQL_DATA.equals(t.getMetadata().getName())).forEach(template -> {
                    storage.storageClass().ifPresent(template.getSpec()::setStorageClassName);
                    storage.size().ifPresent(size -> template.getSpec().getResources().getRequests()
                            .put("storage", new Quantity(size)));
                });
        return copy;
    }

    /**
     * The backups' claim in MySQL's storage class; none with the hostPath storage, where the backups go to a directory
     * of the same node (BackupJob).
     */
    public static Optional<PersistentVolumeClaim> backupClaim(PersistentVolumeClaim claim, MysqlStorage storage) {
        if (storage.hostPath().isPresent()) {
            return Optional.empty();
        }
        var copy = Serialization.clone(claim);
        storage.storageClass().ifPresent(copy.getSpec()::setStorageClassName);
        return Optional.of(copy);
    }

    private static StatefulSet onHostPath(StatefulSet statefulSet, String path, Map<String, String> nodeLabels) {
        statefulSet.getSpec().setVolumeClaimTemplates(null);
        var pod = statefulSet.getSpec().getTemplate().getSpec();
        pod.setNodeSelector(nodeLabels.isEmpty() ? null : new TreeMap<>(nodeLabels));
        var volumes = new ArrayList<>(pod.getVolumes() == null ? List.of() : pod.getVolumes());
        volumes.removeIf(v -> MYSQL_DATA.equals(v.getName()));
        volumes.add(new VolumeBuilder().withName(MYSQL_DATA).withNewHostPath().withPath(path)
                .withType("DirectoryOrCreate").endHostPath().build());
        pod.setVolumes(volumes);
        var security = pod.getSecurityContext();
        if (security != null && security.getRunAsUser() != null && security.getRunAsUser() != 0) {
            // fsGroup does not apply to a hostPath: a directory the kubelet just created belongs to root.
            var owner = security.getRunAsUser() + ":" + (security.getRunAsGroup() == null ? security.getRunAsUser()
                    : security.getRunAsGroup());
            var image = pod.getContainers().get(0).getImage();
            var inits = new ArrayList<Container>(pod.getInitContainers() == null ? List.of() : pod.getInitContainers());
            inits.removeIf(c -> DATA_OWNER.equals(c.getName()));
            inits.add(new ContainerBuilder().withName(DATA_OWNER).withImage(image).withImagePullPolicy("IfNotPresent")
                    // Only the directory itself: MySQL creates everything inside it as its own user.
                    .withCommand("chown", owner, MYSQL_DATA_PATH)
                    .withNewSecurityContext().withRunAsUser(0L).withRunAsNonRoot(false)
                    .withAllowPrivilegeEscalation(false)
                    .withNewCapabilities().withDrop("ALL").withAdd("CHOWN").endCapabilities().endSecurityContext()
                    .withNewResources().addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("16Mi"))
                    .addToLimits("cpu", new Quantity("100m")).addToLimits("memory", new Quantity("64Mi")).endResources()
                    .addNewVolumeMount().withName(MYSQL_DATA).withMountPath(MYSQL_DATA_PATH).endVolumeMount()
                    .build());
            pod.setInitContainers(inits);
        }
        return statefulSet;
    }

    /** "component=mysql,disk=ssd" as labels; a key alone means an empty value. */
    public static Map<String, String> labels(String text) {
        var labels = new LinkedHashMap<String, String>();
        for (var pair : text.split(",")) {
            if (!pair.isBlank()) {
                var parts = pair.split("=", 2);
                labels.put(parts[0].strip(), parts.length == 2 ? parts[1].strip() : "");
            }
        }
        return labels;
    }

    /** The container named as its Deployment, else the first. */
    public static Container appContainer(Deployment deployment) {
        var containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().filter(c -> c.getName().equals(deployment.getMetadata().getName())).findFirst()
                .orElse(containers.get(0));
    }

}
