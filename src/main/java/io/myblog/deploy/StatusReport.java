package io.myblog.deploy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.deploy.reload.ReloadStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code status} shows: pods as {@code kubectl get pods -o wide}, rollout counts, endpoints, host, warnings. */
public final class StatusReport {

    private final Cluster cluster;
    private final Clock clock;

    public StatusReport(Cluster cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    /** What one status reads from the cluster: each object once, shared by the text and the JSON. */
    private record Live(Deployment deployment, StatefulSet statefulSet, List<Pod> pods) {
    }

    public List<String> text() {
        var live = live();
        var report = collect(live);
        var lines = new ArrayList<String>();
        @SuppressWarnings("unchecked")
        var deployment = (Map<String, Object>) report.get("deployment");
        lines.add(deployment == null ? "Deployment " + DesiredState.APP + ": not deployed"
                : "Deployment " + DesiredState.APP + ": revision " + deployment.get("revision") + ", "
                        + deployment.get("updated") + "/" + deployment.get("desired") + " updated, "
                        + deployment.get("ready") + "/" + deployment.get("desired") + " ready, "
                        + deployment.get("available") + "/" + deployment.get("desired") + " available");
        @SuppressWarnings("unchecked")
        var database = (Map<String, Object>) report.get("database");
        lines.add(database == null ? "StatefulSet " + DesiredState.DATABASE + ": not deployed"
                : "StatefulSet " + DesiredState.DATABASE + ": " + database.get("ready") + "/" + database.get("desired")
                        + " ready");
        lines.add("Service " + DesiredState.APP + ": " + report.get("endpoints") + " endpoint(s)");
        lines.add("Ingress " + DesiredState.APP + ": " + report.getOrDefault("ingressHost", "none"));
        lines.add((String) report.get("configReloadSummary"));
        lines.add("");
        lines.addAll(PodDiagnosis.table(live.pods(), clock.instant()));
        @SuppressWarnings("unchecked")
        var warnings = (List<String>) report.get("warningEvents");
        if (!warnings.isEmpty()) {
            lines.add("");
            lines.add("Recent warning events:");
            lines.addAll(warnings);
        }
        return lines;
    }

    public String json() {
        var report = collect(live());
        report.remove("configReloadSummary"); // the text line; JSON carries configReload's fields
        return Serialization.asJson(report);
    }

    private Map<String, Object> collect(Live live) {
        var client = cluster.client();
        var ns = cluster.namespace();
        var report = new LinkedHashMap<String, Object>();
        report.put("namespace", ns);
        var deployment = live.deployment();
        if (deployment != null) {
            var status = deployment.getStatus();
            var counts = new LinkedHashMap<String, Object>();
            counts.put("revision", DesiredState.revisionOf(deployment));
            counts.put("desired", deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas());
            counts.put("updated", status == null || status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas());
            counts.put("ready", status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas());
            counts.put("available", status == null || status.getAvailableReplicas() == null ? 0
                    : status.getAvailableReplicas());
            report.put("deployment", counts);
        }
        var reload = deployment == null
                ? new ReloadStatus("unknown", "Deployment " + DesiredState.APP + " not deployed", Optional.empty(),
                        Optional.empty())
                : ReloadStatus.of(deployment);
        var reloadFacts = new LinkedHashMap<String, Object>();
        reloadFacts.put("state", reload.state());
        reloadFacts.put("detail", reload.detail());
        reloadFacts.put("lastRestart", reload.lastRestart().orElse(null));
        reloadFacts.put("reporter", reload.reporter().orElse(null));
        report.put("configReload", reloadFacts);
        report.put("configReloadSummary", reload.summary());
        var statefulSet = live.statefulSet();
        if (statefulSet != null) {
            var status = statefulSet.getStatus();
            report.put("database", Map.of(
                    "desired", statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas(),
                    "ready", status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas()));
        }
        var endpoints = cluster.call("get", "endpoints/" + DesiredState.APP,
                () -> client.endpoints().inNamespace(ns).withName(DesiredState.APP).get());
        report.put("endpoints", endpoints == null ? 0 : endpoints.getSubsets().stream()
                .mapToInt(s -> s.getAddresses().size()).sum());
        var ingress = cluster.call("get", "ingresses.networking.k8s.io/" + DesiredState.APP,
                () -> client.network().v1().ingresses().inNamespace(ns).withName(DesiredState.APP).get());
        if (ingress != null && ingress.getSpec() != null && !ingress.getSpec().getRules().isEmpty()) {
            report.put("ingressHost", ingress.getSpec().getRules().get(0).getHost());
        }
        var pods = live.pods();
        var podRows = new ArrayList<Map<String, Object>>();
        for (var pod : pods) {
            var row = new LinkedHashMap<String, Object>();
            row.put("name", pod.getMetadata().getName());
            row.put("ready", PodDiagnosis.ready(pod));
            row.put("status", PodDiagnosis.status(pod));
            row.put("restarts", PodDiagnosis.restarts(pod));
            row.put("ip", pod.getStatus() == null ? null : pod.getStatus().getPodIP());
            row.put("node", pod.getSpec() == null ? null : pod.getSpec().getNodeName());
            podRows.add(row);
        }
        report.put("pods", podRows);
        var names = new ArrayList<String>(List.of(DesiredState.APP, DesiredState.DATABASE));
        pods.forEach(p -> names.add(p.getMetadata().getName()));
        List<String> warnings;
        try {
            warnings = PodDiagnosis.warnings(client.v1().events().inNamespace(ns).list().getItems(), names, 10,
                    clock.instant()).stream().map(String::strip).toList();
        } catch (KubernetesClientException e) {
            warnings = List.of("(warning events not readable with these credentials)");
        }
        report.put("warningEvents", warnings);
        return report;
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
        return new Live(deployment, statefulSet, pods);
    }
}
