package io.myblog.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Locale;
import java.util.Objects;

/** The one place that writes desired state to the cluster: server-side apply, field manager {@value #FIELD_MANAGER}. */
public final class Applier {

    public static final String FIELD_MANAGER = "myblog";

    public enum Change {
        CREATED, CONFIGURED, UNCHANGED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Applied(HasMetadata live, Change change) {
    }

    private final Cluster cluster;

    public Applier(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Applies {@code desired}. The API server skips the write of a no-op apply, so an unchanged resourceVersion is
     * how we know nothing changed (https://kubernetes.io/docs/reference/using-api/server-side-apply/).
     */
    public Applied apply(HasMetadata desired) {
        return apply(desired, FIELD_MANAGER);
    }

    /** Applies as another field manager, for a field this one hands over (see {@link HorizontalScaling}). */
    Applied apply(HasMetadata desired, String fieldManager) {
        var resource = resourceName(desired);
        var client = cluster.client();
        var before = cluster.call("get", resource, () -> client.resource(desired).get());
        var after = cluster.call("patch", resource,
                () -> client.resource(desired).fieldManager(fieldManager).forceConflicts().serverSideApply());
        if (before == null) {
            return new Applied(after, Change.CREATED);
        }
        var unchanged = Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
        return new Applied(after, unchanged ? Change.UNCHANGED : Change.CONFIGURED);
    }

    /** "deployments.apps/myblog", as RBAC rules and API errors name it. */
    static String resourceName(HasMetadata object) {
        var plural = HasMetadata.getPlural(object.getClass());
        var group = HasMetadata.getGroup(object.getClass());
        return plural + (group == null || group.isEmpty() ? "" : "." + group) + "/" + object.getMetadata().getName();
    }
}
