package io.myblog.shared;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a revision exists, recorded as {@code kubectl} and Helm record it: the Deployment's
 * {@code kubernetes.io/change-cause} annotation, which the Deployment controller copies onto the ReplicaSet of the
 * revision it rolls out (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#checking-rollout-history-of-a-deployment).
 * {@value #CHANGED_AT} rides along the same way, so each revision also says when it was made.
 */
public final class ChangeCause {

    public static final String ANNOTATION = "kubernetes.io/change-cause";
    public static final String CHANGED_AT = "myblog/changed-at";

    public static final String DEPLOY = "deploy";
    public static final String RESTART = "restart";
    public static final String CONFIG_CHANGE = "config change";
    public static final String ROLLBACK = "rollback";

    private ChangeCause() {
    }

    /** The two annotations for a change made at {@code at}; {@code cause} starts with one of the constants above. */
    public static Map<String, String> annotations(String cause, Instant at) {
        var annotations = new LinkedHashMap<String, String>();
        annotations.put(ANNOTATION, cause);
        annotations.put(CHANGED_AT, at.truncatedTo(ChronoUnit.SECONDS).toString()); // as Kubernetes writes times
        return annotations;
    }
}
