package io.myblog.cli.deploy.shape;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pod Security for the stack (https://kubernetes.io/docs/concepts/security/pod-security-standards/): the level the
 * namespace enforces, {@code restricted} unless MySQL keeps its data on a hostPath. Used by {@code deploy} (its
 * {@code --mysql-host-path}) and by the build step, whose PodHardening makes every pod template meet the level.
 */
public final class PodSecurity {

    public static final String ENFORCE = "pod-security.kubernetes.io/enforce";
    public static final String AUDIT = "pod-security.kubernetes.io/audit";
    public static final String WARN = "pod-security.kubernetes.io/warn";
    public static final String RESTRICTED = "restricted";
    /**
     * The hostPath storage variant: Baseline already forbids hostPath volumes and the CHOWN init container runs as
     * root, so that namespace can only enforce {@code privileged}; audit and warn stay {@code restricted} (README).
     */
    public static final String PRIVILEGED = "privileged";

    private PodSecurity() {
    }

    /** The level the stack's pods meet: {@code restricted}, or {@code privileged} when MySQL keeps its data on a hostPath. */
    public static String levelFor(StackShape.MysqlStorage storage) {
        return storage.hostPath().isPresent() ? PRIVILEGED : RESTRICTED;
    }

    public static Namespace labelled(Namespace namespace, String level) {
        var copy = Serialization.clone(namespace);
        var labels = new TreeMap<String, String>(copy.getMetadata().getLabels() == null ? Map.of()
                : copy.getMetadata().getLabels());
        labels.put(ENFORCE, level);
        labels.put(AUDIT, RESTRICTED);
        labels.put(WARN, RESTRICTED);
        copy.getMetadata().setLabels(labels);
        return copy;
    }
}
