package io.myblog.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
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
    private static final String CONFIG_SNAPSHOT = "myblog-config-a1b2c3d4e5";
    private static final String SECRET_SNAPSHOT = "myblog-secret-f6a7b8c9d0";
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
                            .addNewInitContainer().withName("wait-for-mysql").withImage("docker.io/jds/myblog:1.0.0")
                                .addNewEnv().withName("MYSQL_HOST").withNewValueFrom()
                                    .withNewConfigMapKeyRef("MYSQL_HOST", "myblog", null).endValueFrom().endEnv()
                            .endInitContainer()
                            .addNewContainer().withName("myblog").withImage("docker.io/jds/myblog:1.0.0")
                                .addNewEnv().withName("MYSQL_PASSWD").withNewValueFrom()
                                    .withNewSecretKeyRef("MYSQL_PASSWD", "myblog", null).endValueFrom().endEnv()
                                .addNewEnv().withName("MODE").withValue("prod").endEnv()
                                .addNewEnvFrom().withNewConfigMapRef("myblog", null).endEnvFrom()
                            .endContainer()
                            .addNewVolume().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("64Mi"))
                                .endEmptyDir().endVolume()
                            .addNewVolume().withName("mysql-ca").withNewSecret().withSecretName("myblog")
                                .withOptional(true).withDefaultMode(0444).addNewItem().withKey("MYSQL_SSL_CA")
                                .withPath("ca.pem").endItem().endSecret().endVolume()
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
    void allowsPointingTheReferencesToMyblogAtItsSnapshotsAndFromOneSnapshotToTheNext() {
        var snapshotted = changed(d -> {
            pointAt(d, CONFIG_SNAPSHOT, SECRET_SNAPSHOT);
            d.getSpec().getTemplate().getMetadata().getAnnotations().put(ConfigHash.ANNOTATION, "hash-b");
        });

        assertThat(byController(snapshotted).refusals()).isEmpty();
        var next = changed(d -> pointAt(d, "myblog-config-0123456789", "myblog-secret-9876543210"));
        assertThat(AdmissionPolicyEvaluator.update(POLICY, snapshotted, next, CONTROLLER).refusals()).isEmpty();
    }

    @Test
    void refusesPointingAReferenceAtAnythingButASnapshotOfTheSameKind() {
        assertRefused(d -> secretKeyRef(d).setName("mysql-root"));
        assertRefused(d -> secretKeyRef(d).setName("myblog-config-0123456789"));
        assertRefused(d -> configMapRef(d).setName("myblog-config-01234"));
        assertRefused(d -> configMapRef(d).setName("kube-root-ca.crt"));
        assertRefused(d -> {
            secretKeyRef(d).setName(SECRET_SNAPSHOT);
            secretKeyRef(d).setKey("MYSQL_ROOT_PASSWORD");
        });
        assertRefused(d -> {
            configMapRef(d).setName(CONFIG_SNAPSHOT);
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom().get(0).setPrefix("X_");
        });
        assertRefused(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(1).setValue("debug"));
        assertRefused(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .add(new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName("X").withValue("1").build()));
        assertRefused(d -> d.getSpec().getTemplate().getSpec().getInitContainers().get(0).setImage("evil/miner:1"));
    }

    @Test
    void allowsPointingTheCaVolumeAtASecretSnapshotAndFromOneSnapshotToTheNext() {
        var snapshotted = changed(d -> {
            pointAt(d, CONFIG_SNAPSHOT, SECRET_SNAPSHOT);
            caVolume(d).setSecretName(SECRET_SNAPSHOT);
        });

        assertThat(byController(snapshotted).refusals()).isEmpty();
        var next = Serialization.clone(snapshotted);
        caVolume(next).setSecretName("myblog-secret-9876543210");
        assertThat(AdmissionPolicyEvaluator.update(POLICY, snapshotted, next, CONTROLLER).refusals()).isEmpty();
    }

    @Test
    void refusesPointingTheCaVolumeAtAnythingButASecretSnapshotReadTheSameWay() {
        assertRefused(d -> caVolume(d).setSecretName("mysql-root"));
        assertRefused(d -> caVolume(d).setSecretName(CONFIG_SNAPSHOT));
        assertRefused(d -> caVolume(d).setSecretName("myblog-secret-01234"));
        assertRefused(d -> {
            caVolume(d).setSecretName(SECRET_SNAPSHOT);
            caVolume(d).getItems().get(0).setKey("MYSQL_PASSWD");
        });
        assertRefused(d -> {
            caVolume(d).setSecretName(SECRET_SNAPSHOT);
            caVolume(d).getItems().get(0).setPath("../../../var/run/secrets/ca.pem");
        });
        assertRefused(d -> {
            caVolume(d).setSecretName(SECRET_SNAPSHOT);
            caVolume(d).setItems(null);
        });
        assertRefused(d -> {
            caVolume(d).setSecretName(SECRET_SNAPSHOT);
            caVolume(d).setOptional(false);
        });
        assertRefused(d -> d.getSpec().getTemplate().getSpec().getVolumes().set(1, new VolumeBuilder().withName("mysql-ca")
                .withNewConfigMap().withName(CONFIG_SNAPSHOT).endConfigMap().build()));
        assertRefused(d -> d.getSpec().getTemplate().getSpec().getVolumes().set(0, new VolumeBuilder().withName("tmp")
                .withNewSecret().withSecretName(SECRET_SNAPSHOT).endSecret().build()));
        assertRefused(d -> d.getSpec().getTemplate().getSpec().getVolumes().add(new VolumeBuilder().withName("more")
                .withNewSecret().withSecretName(SECRET_SNAPSHOT).endSecret().build()));
    }

    @Test
    void aConfigMapVolumeOfMyblogMayReadAConfigMapSnapshotOnly() {
        var before = changed(d -> d.getSpec().getTemplate().getSpec().getVolumes().add(new VolumeBuilder()
                .withName("pages").withNewConfigMap().withName("myblog").endConfigMap().build()));
        var toSnapshot = Serialization.clone(before);
        toSnapshot.getSpec().getTemplate().getSpec().getVolumes().get(2).getConfigMap().setName(CONFIG_SNAPSHOT);
        var toSecretName = Serialization.clone(before);
        toSecretName.getSpec().getTemplate().getSpec().getVolumes().get(2).getConfigMap().setName(SECRET_SNAPSHOT);

        assertThat(AdmissionPolicyEvaluator.update(POLICY, before, toSnapshot, CONTROLLER).refusals()).isEmpty();
        assertThat(AdmissionPolicyEvaluator.update(POLICY, before, toSecretName, CONTROLLER).refusals()).isNotEmpty();
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

    private static void pointAt(Deployment d, String configMap, String secret) {
        d.getSpec().getTemplate().getSpec().getInitContainers().get(0).getEnv().get(0).getValueFrom().getConfigMapKeyRef()
                .setName(configMap);
        configMapRef(d).setName(configMap);
        secretKeyRef(d).setName(secret);
    }

    private static SecretVolumeSource caVolume(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getVolumes().get(1).getSecret();
    }

    private static io.fabric8.kubernetes.api.model.SecretKeySelector secretKeyRef(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValueFrom().getSecretKeyRef();
    }

    private static io.fabric8.kubernetes.api.model.ConfigMapEnvSource configMapRef(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom().get(0).getConfigMapRef();
    }

    private static void assertRefused(Consumer<Deployment> change) {
        var verdict = byController(changed(change));
        assertThat(verdict.matched()).isTrue();
        assertThat(verdict.refusals()).as("refusals").isNotEmpty();
    }
}
