package io.myblog.deploy.manifest;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What makes a generated pod template meet Pod Security {@code restricted} (io.myblog.cli.deploy.shape.PodSecurity
 * names the level) beyond the merge file's container fields; pods that never call the API mount no token (#23).
 */
public final class PodHardening {

    private PodHardening() {
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
