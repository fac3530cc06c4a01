package io.myblog.deploy.manifest;

import io.myblog.deploy.manifest.StackShape.IngressAim;
import io.myblog.deploy.manifest.StackShape.MysqlStorage;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The build-time choices of the stack, from the {@code myblog.kubernetes.*} properties (application.properties, then
 * {@code -D} on the Maven command line). README, "What gets generated", lists them.
 */
public record StackChoices(IngressAim ingress, MysqlStorage storage, List<String> prometheusNamespaces,
        Optional<Autoscaling> autoscaling, boolean admissionPolicy) {

    public static final String PREFIX = "myblog.kubernetes.";
    public static final String COURSE_NODE_LABEL = "component=mysql";

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
                hostPath.isPresent() ? StackShape.labels(own.apply("mysql.node-labels").orElse(COURSE_NODE_LABEL))
                        : java.util.Map.of());
        var scrapers = Arrays.stream(own.apply("prometheus-namespaces").orElse("monitoring").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        var autoscaling = own.apply("autoscaling.enabled").filter(Boolean::parseBoolean).map(on -> new Autoscaling(
                integer(own, "autoscaling.min-replicas", 2), integer(own, "autoscaling.max-replicas", 5),
                integer(own, "autoscaling.cpu-utilization", 70)));
        var admissionPolicy = own.apply("admission-policy").map(Boolean::parseBoolean).orElse(false);
        return new StackChoices(ingress, storage, scrapers, autoscaling, admissionPolicy);
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
