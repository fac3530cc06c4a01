package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The MySQL connections the app's pods can hold at once, against the server's {@code max_connections}: every pod
 * opens at most its pools (the requests' reactive pool, Flyway's and the readiness check's; the read pool connects to
 * the replica, whose server has a budget of its own), and a rollout runs the
 * replicas (or the HPA's maximum) plus its surge. Read from the application.properties the image carries, so the
 * figure is the one the pods use. Pure: the plan calls it, nothing here reaches the cluster.
 */
record ConnectionBudget(int requests, int migrations, int check, int replicaReads) {

    /** Connections kept for MySQL's own clients: its probes, an operator's mysql, a migration Job. */
    static final int KEPT_FOR_OTHERS = 5;

    static ConnectionBudget ofPackagedSettings() {
        var settings = new Properties();
        try (InputStream in = ConnectionBudget.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the classpath");
            }
            settings.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ConnectionBudget(size(settings, "quarkus.datasource.reactive.max-size"),
                size(settings, "quarkus.datasource.jdbc.max-size"), size(settings, "quarkus.datasource.check.jdbc.max-size"),
                size(settings, "quarkus.datasource.read.reactive.max-size"));
    }

    int perPod() {
        return requests + migrations + check;
    }

    /** The pods of Deployment {@code app} that can run at once: replicas or the HPA's maximum, plus the surge. */
    static int peakPods(List<HasMetadata> objects, String app) {
        var deployment = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(app)).findFirst();
        if (deployment.isEmpty()) {
            return 0;
        }
        int replicas = HorizontalScaling.desiredAutoscaler(objects, app).map(hpa -> hpa.getSpec().getMaxReplicas())
                .orElseGet(() -> Optional.ofNullable(deployment.get().getSpec().getReplicas()).orElse(1));
        return replicas + surge(deployment.get(), replicas);
    }

    /** Why {@code pods} pods fit in a server of {@code maxConnections}, or why they do not: the arithmetic. */
    String arithmetic(int pods, int maxConnections) {
        return pods + " pods at most × " + perPod() + " connections each (" + requests + " requests + " + migrations
                + " Flyway + " + check + " readiness check) = " + pods * perPod() + ", of MySQL's max_connections "
                + maxConnections + " less " + KEPT_FOR_OTHERS + " kept for its own clients = "
                + (maxConnections - KEPT_FOR_OTHERS) + " (a read replica, MYSQL_READ_HOST, gets up to " + replicaReads
                + " per pod more, on its own server)";
    }

    boolean fits(int pods, int maxConnections) {
        return pods * perPod() <= maxConnections - KEPT_FOR_OTHERS;
    }

    private static int surge(Deployment deployment, int replicas) {
        var strategy = deployment.getSpec().getStrategy();
        if (strategy == null || strategy.getRollingUpdate() == null || strategy.getRollingUpdate().getMaxSurge() == null) {
            return (replicas + 3) / 4; // the API's default: 25 %, rounded up
        }
        IntOrString surge = strategy.getRollingUpdate().getMaxSurge();
        if (surge.getIntVal() != null) {
            return surge.getIntVal();
        }
        var percent = Integer.parseInt(surge.getStrVal().replace("%", "").strip());
        return (replicas * percent + 99) / 100;
    }

    private static int size(Properties settings, String key) {
        var value = settings.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not set in application.properties: the budget cannot be known");
        }
        return Integer.parseInt(value.strip());
    }
}
