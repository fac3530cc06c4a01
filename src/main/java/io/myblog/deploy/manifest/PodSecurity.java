package io.myblog.deploy.manifest;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pod Security for the stack (https://kubernetes.io/docs/concepts/security/pod-security-standards/): the namespace
 * enforces {@code restricted}, and every pod template meets it; pods that never call the API mount no token.
 * Pure functions, used by the build step and by {@code deploy}.
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

    /**
     * A pod spec with the seccomp profile restricted asks for (the merge of src/main/kubernetes drops the pod
     * securityContext's) and, unless it calls the API, no service-account token.
     */
    public static PodSpec hardened(PodSpec spec, boolean mountsToken) {
        var copy = Serialization.clone(spec);
        var security = copy.getSecurityContext() == null ? new PodSecurityContext() : copy.getSecurityContext();
        security.setRunAsNonRoot(Boolean.TRUE);
        security.setSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build());
        copy.setSecurityContext(security);
        copy.setAutomountServiceAccountToken(mountsToken);
        return copy;
    }

    /** An account whose pods never call the API: no token is mounted even where a pod does not say so. */
    public static ServiceAccount withoutToken(ServiceAccount account) {
        var copy = Serialization.clone(account);
        copy.setAutomountServiceAccountToken(false);
        return copy;
    }
}
