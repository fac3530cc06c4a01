package io.myblog.cli.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.cli.deploy.shape.ControllerNames;
import io.myblog.shared.ChangeCause;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ConfigSnapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code history} shows: the revisions of Deployment {@value DesiredState#APP} and, apart, of its controller
 * {@value ControllerNames#NAME}, newest first, read from the ReplicaSets the Deployment controller keeps
 * ({@code revisionHistoryLimit} of them), like {@code kubectl rollout history} plus the image, the config hash and the
 * config keys each changed, read from the config snapshots the revision's template references.
 */
// history -o json writes these records with Jackson, which the native build does not trace through Serialization.asJson
@RegisterForReflection(targets = {History.Revision.class, History.Report.class})
public final class History {

    /**
     * One revision; {@code time} (ISO-8601) is when myblog made the change, else when the ReplicaSet was created;
     * {@code configHash} is null for the controller, whose pods read no config of the app; {@code changed} names the
     * keys whose values differ from the next older kept revision's snapshots ("ConfigMap A", "Secret MYSQL_PASSWD":
     * names only), null for the oldest kept revision, the controller, or when a revision reads no snapshot.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Revision(long revision, String time, String image, String configHash, List<String> changed,
            String cause) {
    }

    /** Both histories; {@code controller} is empty when it is not deployed. */
    public record Report(List<Revision> app, List<Revision> controller) {
    }

    private static final int SHORT_HASH = 12;

    private final Cluster cluster;

    public History(Cluster cluster) {
        this.cluster = cluster;
    }

    public Report report() {
        var app = deployment(DesiredState.APP).orElseThrow(() -> DeployFailure.rollout("Deployment "
                + DesiredState.APP + " does not exist in namespace " + cluster.namespace() + ": no history"));
        return new Report(revisions(app, true),
                deployment(ControllerNames.NAME).map(controller -> revisions(controller, false)).orElse(List.of()));
    }

    /** The app's table, then the controller's under its own heading, without the config hash it does not have. */
    public static List<String> text(Report report) {
        var lines = new ArrayList<String>();
        lines.add("Deployment " + DesiredState.APP);
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("REVISION", "TIME", "IMAGE", "CONFIG HASH", "CHANGED", "CAUSE"));
        report.app().forEach(r -> rows.add(List.of(String.valueOf(r.revision()), time(r), r.image(),
                r.configHash().length() > SHORT_HASH ? r.configHash().substring(0, SHORT_HASH) : r.configHash(),
                r.changed() == null ? "-" : r.changed().isEmpty() ? "none" : String.join(",", r.changed()),
                r.cause())));
        lines.addAll(PodDiagnosis.columns(rows));
        lines.add("");
        if (report.controller().isEmpty()) {
            lines.add("Deployment " + ControllerNames.NAME + ": not deployed");
            return lines;
        }
        lines.add("Deployment " + ControllerNames.NAME);
        var controllerRows = new ArrayList<List<String>>();
        controllerRows.add(List.of("REVISION", "TIME", "IMAGE", "CAUSE"));
        report.controller().forEach(r -> controllerRows.add(List.of(String.valueOf(r.revision()), time(r), r.image(),
                r.cause())));
        lines.addAll(PodDiagnosis.columns(controllerRows));
        return lines;
    }

    public static String json(Report report) {
        return Serialization.asJson(report);
    }

    private Optional<Deployment> deployment(String name) {
        return Optional.ofNullable(cluster.call("get", "deployments.apps/" + name, () -> cluster.client().apps()
                .deployments().inNamespace(cluster.namespace()).withName(name).get()));
    }

    private List<Revision> revisions(Deployment deployment, boolean readsConfig) {
        var replicaSets = RolloutFollower.replicaSetsOf(cluster, deployment)
                .filter(rs -> DesiredState.revisionOf(rs) > 0)
                .sorted(Comparator.comparingLong(DesiredState::revisionOf)).toList();
        var revisions = new ArrayList<Revision>();
        Optional<Map<String, String>> older = Optional.empty();
        for (var rs : replicaSets) {
            var config = readsConfig ? config(rs.getSpec().getTemplate()) : Optional.<Map<String, String>>empty();
            var changed = older.isPresent() && config.isPresent() ? changedKeys(older.get(), config.get()) : null;
            revisions.add(revision(rs, deployment.getMetadata().getName(), readsConfig, changed));
            older = config;
        }
        revisions.sort(Comparator.comparingLong(Revision::revision).reversed());
        return List.copyOf(revisions);
    }

    /**
     * What a revision's pods read, from its snapshots: "ConfigMap KEY" → value, "Secret KEY" → its base64 value, which
     * is only compared, never shown. Empty when it reads no snapshot (made before #25) or one is gone.
     */
    private Optional<Map<String, String>> config(PodTemplateSpec template) {
        var refs = ConfigSnapshot.referencedBy(template, DesiredState.APP);
        if (refs.all().isEmpty()) {
            return Optional.empty();
        }
        var values = new TreeMap<String, String>();
        for (var name : refs.configMaps()) {
            var configMap = cluster.call("get", "configmaps/" + name, () -> cluster.client().configMaps()
                    .inNamespace(cluster.namespace()).withName(name).get());
            if (configMap == null) {
                return Optional.empty();
            }
            Optional.ofNullable(configMap.getData()).orElse(Map.of()).forEach((k, v) -> values.put("ConfigMap " + k, v));
        }
        for (var name : refs.secrets()) {
            var secret = cluster.call("get", "secrets/" + name, () -> cluster.client().secrets()
                    .inNamespace(cluster.namespace()).withName(name).get());
            if (secret == null) {
                return Optional.empty();
            }
            Optional.ofNullable(secret.getData()).orElse(Map.of()).forEach((k, v) -> values.put("Secret " + k, v));
        }
        return Optional.of(values);
    }

    /** The keys added, removed or changed from {@code older} to {@code newer}, sorted: names, never values. */
    static List<String> changedKeys(Map<String, String> older, Map<String, String> newer) {
        var keys = new TreeSet<>(older.keySet());
        keys.addAll(newer.keySet());
        return keys.stream().filter(key -> !Objects.equals(older.get(key), newer.get(key))).toList();
    }

    private static Revision revision(ReplicaSet replicaSet, String container, boolean readsConfig, List<String> changed) {
        var annotations = annotations(replicaSet);
        var template = replicaSet.getSpec().getTemplate();
        var time = Optional.ofNullable(annotations.get(ChangeCause.CHANGED_AT))
                .or(() -> Optional.ofNullable(replicaSet.getMetadata().getCreationTimestamp()))
                .flatMap(History::instant).map(Instant::toString).orElse(null);
        return new Revision(DesiredState.revisionOf(replicaSet), time, image(template, container),
                readsConfig ? templateAnnotations(template).getOrDefault(ConfigHash.ANNOTATION, "<none>") : null, changed,
                annotations.getOrDefault(ChangeCause.ANNOTATION, "<none>"));
    }

    private static String time(Revision revision) {
        return revision.time() == null ? "<unknown>" : revision.time();
    }

    /** The image of the container named as its Deployment, else of the first. */
    private static String image(PodTemplateSpec template, String container) {
        var containers = template.getSpec().getContainers();
        return containers.stream().filter(c -> container.equals(c.getName())).findFirst()
                .or(() -> containers.stream().findFirst()).map(c -> c.getImage()).orElse("<none>");
    }

    private static Map<String, String> annotations(HasMetadata object) {
        var annotations = object.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private static Map<String, String> templateAnnotations(PodTemplateSpec template) {
        var annotations = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
