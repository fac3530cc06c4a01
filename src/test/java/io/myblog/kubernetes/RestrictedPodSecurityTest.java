package io.myblog.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import org.junit.jupiter.api.Test;

/** The checker earns trust: a pod the Restricted profile admits passes; each documented violation is caught. */
class RestrictedPodSecurityTest {

    private static PodSpec restricted() {
        return new PodSpecBuilder()
                .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
                .endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("app").withImage("app:1").withNewSecurityContext()
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext().endContainer()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .build();
    }

    @Test
    void admitsAPodThatMeetsRestricted() {
        assertThat(RestrictedPodSecurity.violations(restricted())).isEmpty();
    }

    @Test
    void refusesAMissingSeccompProfileARootUserAnAddedCapabilityAndAHostPath() {
        var noSeccomp = restricted();
        noSeccomp.getSecurityContext().setSeccompProfile(null);
        assertThat(RestrictedPodSecurity.violations(noSeccomp)).containsExactly("app: no RuntimeDefault or Localhost seccomp profile");

        var root = restricted();
        root.getContainers().get(0).getSecurityContext().setRunAsNonRoot(false);
        root.getContainers().get(0).getSecurityContext().setRunAsUser(0L);
        assertThat(RestrictedPodSecurity.violations(root)).contains("app: runAsNonRoot is not true", "app: runs as user 0");

        var chown = restricted();
        chown.getContainers().get(0).getSecurityContext().getCapabilities().setAdd(java.util.List.of("CHOWN"));
        assertThat(RestrictedPodSecurity.violations(chown)).containsExactly("app: adds capability CHOWN");

        var hostPath = restricted();
        hostPath.getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("data")
                .withNewHostPath().withPath("/opt").endHostPath().build());
        assertThat(RestrictedPodSecurity.violations(hostPath)).containsExactly("volume data of type hostPath");

        var escalating = restricted();
        escalating.getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(null);
        assertThat(RestrictedPodSecurity.violations(escalating)).containsExactly("app: allowPrivilegeEscalation is not false");
    }
}
