package io.myblog.cli.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.cli.deploy.shape.ControllerNames;
import io.myblog.shared.ReloadStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@code status} shows: pods as {@code kubectl get pods -o wide}, rollout counts, endpoints, host, warnings. */
// status -o json writes these records with Jackson, which the native build does not trace through Serialization.asJson
@RegisterForReflection(targets = {StatusReport.Status.class, StatusReport.Controller.class, StatusReport.Rollout.class,
        StatusReport.ConfigReload.class, StatusReport.Database.class, StatusReport.PodRow.class})
public final class StatusReport {

    /** Everything {@code status} reports, read once and shared by the text and the JSON; absent parts are null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"namespace", "deployment", "configReload", "controller", "database", "endpoints",
            "ingressHost", "pods", "warningEvents"})
    public record Status(String namespace, Rollout deployment, ConfigReload configReload, Controller controller,
            Database database, int endpoints, String ingressHost, List<PodRow> pods, List<String> warningEvents) {
    }

    /** Deployment myblog-controller and who holds the Lease (null: nobody does, or it is not readable). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"desired", "ready", "leaseHolder"})
    public record Controller(int desired, int ready, String leaseHolder) {

        String summary(String state) {
            return "Deployment " + ControllerNames.NAME + ": " + ready + "/" + desired + " ready, " + state
                    + "; Lease " + ReloadStatus.LEASE + " held by " + (leaseHolder == null ? "nobody" : leaseHolder);
        }
    }

    @JsonPropertyOrder({"revision", "desired", "updated", "ready", "available"})
    public record Rollout(long revision, int desired, int updated, int ready, int available) {
    }

    /** The config watcher's state; null fields are kept in the JSON, as "not reported". */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"state", "detail", "lastRestart", "reporter"})
    public record ConfigReload(String state, String detail, String lastRestart, String reporter) {
    }

    @JsonPropertyOrder({"desired", "ready"})
    public record Database(int desired, int ready) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"name", "ready", "status", "restarts", "ip", "node"})
    public record PodRow(String name, String ready, String status, int restarts, String ip, String node) {
    }

    private final Cluster cluster;
    private final Clock clock;

    public StatusReport(Cluster cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    /** What one status reads from the cluster: each object once. */
    private record Live(Deployment deployment, StatefulSet statefulSet, List<Pod> pods, Controller controller) {
    }

    public List<String> text() {
        var live = live();
        var status = collect(live);
        var lines = new ArrayList<String>();
        var rollout = status.deployment();
        lines.add(rollout == null ? "Deployment " + DesiredState.APP + ": not deployed"
                : "Deployment " + DesiredState.APP + ": revision " + rollout.revision() + ", "
                        + rollout.updated() + "/" + rollout.desired() + " updated, "
                        + rollout.ready() + "/" + rollout.desired() + " ready, "
                        + rollout.available() + "/" + rollout.desired() + " available");
        var database = status.database();
        lines.add(database == null ? "StatefulSet " + DesiredState.DATABASE + ": not deployed"
                : "StatefulSet " + DesiredState.DATABASE + ": " + database.ready() + "/" + database.desired() + " ready");
        lines.add("Service " + DesiredState.APP + ": " + status.endpoints() + " endpoint(s)");
        lines.add("Ingress " + DesiredState.APP + ": " + Optional.ofNullable(status.ingressHost()).orElse("none"));
        lines.add(reloadStatus(live.deployment()).summary());
        lines.add(live.controller() == null ? "Deployment " + ControllerNames.NAME + ": not deployed"
                : live.controller().summary(reloadStatus(live.deployment()).state()));
        lines.add("");
        lines.addAll(PodDiagnosis.table(live.pods(), clock.instant()));
        if (!status.warningEvents().isEmpty()) {
            lines.add("");
            lines.add("Recent warning events:");
            lines.addAll(status.warningEvents());
        }
        return lines;
    }

    public String json() {
        return Serialization.asJson(collect(live()));
    }

    private Status collect(Live live) {
        var client = cluster.client();
        var ns = cluster.namespace();
        var deployment = live.deployment();
        Rollout rollout = null;
        if (deployment != null) {
            var status = deployment.getStatus();
            rollout = new Rollout(DesiredState.revisionOf(deployment),
                    deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas(),
                    status == null ? 0 : orZero(status.getUpdatedReplicas()),
                    status == null ? 0 : orZero(status.getReadyReplicas()),
                    status == null ? 0 : orZero(status.getAvailableReplicas()));
        }
        var reload = reloadStatus(deployment);
        var configReload = new ConfigReload(reload.state(), reload.detail(), reload.lastRestart().orElse(null),
                reload.reporter().orElse(null));
        var statefulSet = live.statefulSet();
        Database database = null;
        if (statefulSet != null) {
            var status = statefulSet.getStatus();
            database = new Database(statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas(),
                    status == null ? 0 : orZero(status.getReadyReplicas()));
        }
        var endpoints = cluster.call("get", "endpoints/" + DesiredState.APP,
                () -> client.endpoints().inNamespace(ns).withName(DesiredState.APP).get());
        var ingress = cluster.call("get", "ingresses.networking.k8s.io/" + DesiredState.APP,
                () -> client.network().v1().ingresses().inNamespace(ns).withName(DesiredState.APP).get());
        String ingressHost = null;
        if (ingress != null && ingress.getSpec() != null && !ingress.getSpec().getRules().isEmpty()) {
            ingressHost = ingress.getSpec().getRules().get(0).getHost();
        }
        var pods = live.pods().stream().map(pod -> new PodRow(pod.getMetadata().getName(), PodDiagnosis.ready(pod),
                PodDiagnosis.status(pod), PodDiagnosis.restarts(pod),
                pod.getStatus() == null ? null : pod.getStatus().getPodIP(),
                pod.getSpec() == null ? null : pod.getSpec().getNodeName())).toList();
        var names = new ArrayList<String>(List.of(DesiredState.APP, DesiredState.DATABASE));
        live.pods().forEach(p -> names.add(p.getMetadata().getName()));
        List<String> warnings;
        try {
            warnings = PodDiagnosis.warnings(client.v1().events().inNamespace(ns).list().getItems(), names, 10,
                    clock.instant()).stream().map(String::strip).toList();
        } catch (KubernetesClientException e) {
            warnings = List.of("(warning events not readable with these credentials)");
        }
        return new Status(ns, rollout, configReload, live.controller(), database,
                endpoints == null ? 0 : endpoints.getSubsets().stream().mapToInt(s -> s.getAddresses().size()).sum(),
                ingressHost, pods, warnings);
    }

    private static ReloadStatus reloadStatus(Deployment deployment) {
        return deployment == null
                ? new ReloadStatus("unknown", "Deployment " + DesiredState.APP + " not deployed", Optional.empty(),
                        Optional.empty())
                : ReloadStatus.of(deployment);
    }

    /** The Deployment, the StatefulSet, and their pods found by the labels the controllers select on. */
    private Live live() {
        var client = cluster.client();
        var ns = cluster.namespace();
        var deployment = cluster.call("get", "deployments.apps/" + DesiredState.APP,
                () -> client.apps().deployments().inNamespace(ns).withName(DesiredState.APP).get());
        var statefulSet = cluster.call("get", "statefulsets.apps/" + DesiredState.DATABASE,
                () -> client.apps().statefulSets().inNamespace(ns).withName(DesiredState.DATABASE).get());
        var pods = new ArrayList<Pod>();
        if (deployment != null) {
            var selector = RolloutFollower.matchLabels(deployment.getSpec().getSelector());
            pods.addAll(cluster.call("list", "pods",
                    () -> client.pods().inNamespace(ns).withLabels(selector).list().getItems()));
        }
        if (statefulSet != null) {
            var selector = RolloutFollower.matchLabels(statefulSet.getSpec().getSelector());
            pods.addAll(cluster.call("list", "pods",
                    () -> client.pods().inNamespace(ns).withLabels(selector).list().getItems()));
        }
        return new Live(deployment, statefulSet, pods, controller(client, ns));
    }

    private Controller controller(io.fabric8.kubernetes.client.KubernetesClient client, String ns) {
        var deployment = cluster.call("get", "deployments.apps/" + ControllerNames.NAME,
                () -> client.apps().deployments().inNamespace(ns).withName(ControllerNames.NAME).get());
        if (deployment == null) {
            return null;
        }
        String holder;
        try {
            var lease = client.resources(Lease.class).inNamespace(ns).withName(ReloadStatus.LEASE).get();
            holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        } catch (KubernetesClientException e) {
            holder = null;
        }
        var status = deployment.getStatus();
        return new Controller(deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas(),
                status == null ? 0 : orZero(status.getReadyReplicas()), holder);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
