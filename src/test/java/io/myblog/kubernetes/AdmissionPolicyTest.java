package io.myblog.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.myblog.deploy.manifest.AdmissionShape;
import io.myblog.shared.ChangeCause;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ReloadStatus;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The admission policy's CEL against real before/after Deployments, as the API server evaluates it: the controller's
 * restart and status writes pass; anything else it could do with its Role's patch is refused.
 */
class AdmissionPolicyTest {

    private static final String NAMESPACE = "jds";
    private static final String CONTROLLER = "system:serviceaccount:jds:myblog-controller";
    private static final String DEPLOYING_USER = "kubernetes-admin";
    private static final io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy POLICY =
            AdmissionShape.policy(NAMESPACE);

    /** Deployment myblog as the API server stores it: defaults filled in. */
    private static Deployment live() {
        return new DeploymentBuilder()
                .withNewMetadata().withName("myblog").withNamespace(NAMESPACE).addToLabels("app.kubernetes.io/name", "myblog")
                    .addToAnnotations("deployment.kubernetes.io/revision", "3").endMetadata()
                .withNewSpec().withReplicas(2).withRevisionHistoryLimit(10).withProgressDeadlineSeconds(600)
                    .withNewSelector().addToMatchLabels("app.kubernetes.io/name", "myblog").endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withNewMaxSurge(1)
                        .withNewMaxUnavailable(0).endRollingUpdate().endStrategy()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app.kubernetes.io/name", "myblog")
                            .addToAnnotations(ConfigHash.ANNOTATION, "hash-a").addToAnnotations("prometheus.io/port", "9000")
                        .endMetadata()
                        .withNewSpec().withServiceAccountName("myblog").withAutomountServiceAccountToken(false)
                            .addNewContainer().withName("myblog").withImage("docker.io/jds/myblog:1.0.0").endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec().build();
    }

    private static Deployment changed(Consumer<Deployment> change) {
        var copy = Serialization.clone(live());
        change.accept(copy);
        return copy;
    }

    private static AdmissionPolicyEvaluator.Verdict byController(Deployment after) {
        return AdmissionPolicyEvaluator.update(POLICY, live(), after, CONTROLLER);
    }

    @Test
    void allowsTheRestartPatchWithItsStatusAndChangeCause() {
        var restarted = changed(d -> {
            d.getSpec().getTemplate().getMetadata().getAnnotations().put(ConfigHash.ANNOTATION, "hash-b");
            d.getMetadata().getAnnotations().put(ReloadStatus.STATE, "watching");
            d.getMetadata().getAnnotations().put(ReloadStatus.LAST_RESTART, "2026-12-07T12:00:00Z ConfigMap myblog changed");
            d.getMetadata().getAnnotations().put(ChangeCause.ANNOTATION, "config change: ConfigMap myblog changed");
        });

        var verdict = byController(restarted);

        assertThat(verdict.matched()).isTrue();
        assertThat(verdict.refusals()).isEmpty();
        assertThat(byController(live()).allowed()).as("a status write that changes nothing").isTrue();
    }

    @Test
    void refusesEveryOtherChangeTheControllersRoleWouldAllow() {
        assertRefused(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/miner:1"));
        assertRefused(d -> d.getSpec().setReplicas(0));
        assertRefused(d -> d.getSpec().setPaused(true));
        assertRefused(d -> d.getSpec().getTemplate().getSpec().setServiceAccountName("myblog-controller"));
        assertRefused(d -> d.getSpec().getTemplate().getSpec().setVolumes(java.util.List.of(new VolumeBuilder()
                .withName("root").withNewSecret().withSecretName("mysql-root").endSecret().build())));
        assertRefused(d -> d.getSpec().getTemplate().getMetadata().getAnnotations().put("sidecar.example/inject", "true"));
        assertRefused(d -> d.getSpec().getTemplate().getMetadata().getAnnotations().remove("prometheus.io/port"));
        assertRefused(d -> d.getSpec().getTemplate().getMetadata().getLabels().put("tier", "other"));
        assertRefused(d -> d.getMetadata().getLabels().put("owner", "someone"));
        assertRefused(d -> d.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "1"));
    }

    @Test
    void leavesEveryoneButTheControllerAlone() {
        var newImage = changed(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("docker.io/jds/myblog:1.1.0"));

        var verdict = AdmissionPolicyEvaluator.update(POLICY, live(), newImage, DEPLOYING_USER);

        assertThat(verdict.matched()).isFalse();
    }

    @Test
    void theBindingDeniesInTheStacksNamespaceOnly() {
        var binding = AdmissionShape.binding(NAMESPACE);
        assertThat(binding.getSpec().getPolicyName()).isEqualTo(POLICY.getMetadata().getName());
        assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
        assertThat(binding.getSpec().getMatchResources().getNamespaceSelector().getMatchLabels())
                .containsExactly(java.util.Map.entry("kubernetes.io/metadata.name", NAMESPACE));
        assertThat(POLICY.getSpec().getFailurePolicy()).isEqualTo("Fail");
    }

    private static void assertRefused(Consumer<Deployment> change) {
        var verdict = byController(changed(change));
        assertThat(verdict.matched()).isTrue();
        assertThat(verdict.refusals()).as("refusals").isNotEmpty();
    }
}
