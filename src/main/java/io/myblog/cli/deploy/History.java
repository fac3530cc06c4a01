package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ChangeCause;

/**
 * What {@code history} shows: the revisions of Deployment {@value DesiredState#APP}, newest first, read from the
 * ReplicaSets the Deployment controller keeps ({@code revisionHistoryLimit} of them), like
 * {@code kubectl rollout history} plus the image and the config hash of each.
 */
public final class History {

    /** One revision; {@code time} (ISO-8601) is when myblog made the change, else when the ReplicaSet was created. */
    public record Revision(long revision, String time, String image, String configHash, String cause) {
    }

    private static final int SHORT_HASH = 12;

    private final Cluster cluster;

    public History(Cluster cluster) {
        this.cluster = cluster;
    }

    public List<Revision> revisions() {
        var deployment = cluster.call("get", "deployments.apps/" + DesiredState.APP, () -> cluster.client().apps()
                .deployments().inNamespace(cluster.namespace()).withName(DesiredState.APP).get());
        if (deployment == null) {
            throw DeployFailure.rollout("Deployment " + DesiredState.APP + " does not exist in namespace "
                    + cluster.namespace() + ": no history");
        }
        return RolloutFollower.replicaSetsOf(cluster, deployment)
                .filter(rs -> DesiredState.revisionOf(rs) > 0)
                .map(History::revision)
                .sorted(Comparator.comparingLong(Revision::revision).reversed())
                .toList();
    }

    public static List<String> text(List<Revision> revisions) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("REVISION", "TIME", "IMAGE", "CONFIG HASH", "CAUSE"));
        revisions.forEach(r -> rows.add(List.of(String.valueOf(r.revision()),
                r.time() == null ? "<unknown>" : r.time(), r.image(),
                r.configHash().length() > SHORT_HASH ? r.configHash().substring(0, SHORT_HASH) : r.configHash(),
                r.cause())));
        return PodDiagnosis.columns(rows);
    }

    public static String json(List<Revision> revisions) {
        return Serialization.asJson(revisions);
    }

    private static Revision revision(ReplicaSet replicaSet) {
        var annotations = annotations(replicaSet);
        var template = replicaSet.getSpec().getTemplate();
        var time = Optional.ofNullable(annotations.get(ChangeCause.CHANGED_AT))
                .or(() -> Optional.ofNullable(replicaSet.getMetadata().getCreationTimestamp()))
                .flatMap(History::instant).map(Instant::toString).orElse(null);
        return new Revision(DesiredState.revisionOf(replicaSet), time, image(template),
                templateAnnotations(template).getOrDefault(ConfigHash.ANNOTATION, "<none>"),
                annotations.getOrDefault(ChangeCause.ANNOTATION, "<none>"));
    }

    private static String image(PodTemplateSpec template) {
        var containers = template.getSpec().getContainers();
        return containers.stream().filter(c -> DesiredState.APP.equals(c.getName())).findFirst()
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
