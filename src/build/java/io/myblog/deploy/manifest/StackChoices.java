package io.myblog.deploy.manifest;

import io.myblog.cli.deploy.shape.StackShape.IngressAim;
import io.myblog.cli.deploy.shape.StackShape.MysqlStorage;
import io.myblog.cli.deploy.shape.StackShape;
import io.myblog.deploy.manifest.NetworkShape.ApiServer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The build-time choices of the stack, from the {@code myblog.kubernetes.*} properties (application.properties, then
 * {@code -D} on the Maven command line). README, "What gets generated", lists them.
 */
public record StackChoices(IngressAim ingress, MysqlStorage storage, List<String> prometheusNamespaces,
        List<String> ingressNamespaces, ApiServer apiServer, Optional<Autoscaling> autoscaling,
        boolean admissionPolicy) {

    public static final String PREFIX = "myblog.kubernetes.";
    /** ingress-nginx's own namespace (the course's ingress controller); set empty to open the app port to all. */
    public static final String DEFAULT_INGRESS_NAMESPACE = "ingress-nginx";
    /** Any address, on the ports API servers listen on (kubeadm and k3s 6443, managed clusters 443). */
    public static final String DEFAULT_API_SERVER_CIDRS = "0.0.0.0/0";
    public static final String DEFAULT_API_SERVER_PORTS = "443,6443";

    /** An HPA on CPU between {@code min} and {@code max} replicas. */
    public record Autoscaling(int minReplicas, int maxReplicas, int cpuUtilization) {
    }

    /** {@code property} answers a full property name with its value, empty when unset or blank. */
    public static StackChoices from(Function<String, Optional<String>> property) {
        Function<String, Optional<String>> own = name -> property.apply(PREFIX + name).map(String::strip)
                .filter(v -> !v.isEmpty());
        var ingress = new IngressAim(own.apply("ingress.host"), own.apply("ingress.class"),
                own.apply("ingress.tls-secret"), own.apply("ingress.cert-issuer"));
        var hostPath = own.apply("mysql.host-path");
        var storage = new MysqlStorage(own.apply("mysql.storage-class"), own.apply("mysql.storage-size"), hostPath,
                hostPath.isPresent() ? StackShape.labels(own.apply("mysql.node-labels").orElse(StackShape.COURSE_NODE_LABEL))
                        : java.util.Map.of());
        var scrapers = list(own.apply("prometheus-namespaces").orElse("monitoring"));
        // Unset: the default; set but empty: no ingress namespace, the application port open to all (as before #24).
        var ingressNamespaces = list(property.apply(PREFIX + "ingress-namespace").orElse(DEFAULT_INGRESS_NAMESPACE));
        var apiServer = new ApiServer(list(own.apply("api-server.cidrs").orElse(DEFAULT_API_SERVER_CIDRS)),
                list(own.apply("api-server.ports").orElse(DEFAULT_API_SERVER_PORTS)).stream()
                        .map(port -> port(PREFIX + "api-server.ports", port)).toList());
        var autoscaling = own.apply("autoscaling.enabled").filter(Boolean::parseBoolean).map(on -> new Autoscaling(
                integer(own, "autoscaling.min-replicas", 2), integer(own, "autoscaling.max-replicas", 5),
                integer(own, "autoscaling.cpu-utilization", 70)));
        var admissionPolicy = own.apply("admission-policy").map(Boolean::parseBoolean).orElse(false);
        return new StackChoices(ingress, storage, scrapers, ingressNamespaces, apiServer, autoscaling,
                admissionPolicy);
    }

    /** "a, b" as [a, b]; blank entries dropped. */
    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must list ports between 1 and 65535, not \"" + value + "\"");
    }

    private static int integer(Function<String, Optional<String>> own, String name, int fallback) {
        var value = own.apply(name);
        try {
            return value.map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be a whole number, not \"" + value.get() + "\"");
        }
    }
}
