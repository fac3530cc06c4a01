package io.myblog.controller;

import static io.myblog.controller.ReloadCluster.CONFIG;
import static io.myblog.controller.ReloadCluster.NAME;
import static io.myblog.controller.ReloadCluster.SECRET;
import static io.myblog.controller.ReloadCluster.configMap;
import static io.myblog.controller.ReloadCluster.deployment;
import static io.myblog.controller.ReloadCluster.secret;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.myblog.shared.ConfigHash.Key;
import java.util.HashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import io.myblog.shared.ConfigHash;
import io.myblog.shared.ConsumedConfig;

class ConsumedConfigTest {

    @Test
    void readsTheKeysTheContainersReferenceAndNothingElse() {
        var consumed = ConsumedConfig.of(deployment(), NAME, NAME);

        assertThat(consumed.keys(configMap(CONFIG), secret(SECRET))).containsExactlyInAnyOrder(
                Key.configMap("MYSQL_HOST"), Key.configMap("MYSQL_PORT"), Key.secret("MYSQL_USER"), Key.secret("MYSQL_PASSWD"));
    }

    @Test
    void envFromConsumesEveryKeyTheObjectHoldsNow() {
        var deployment = withContainerChange(deployment(), d -> d.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnvFrom().add(new EnvFromSourceBuilder().withNewConfigMapRef(NAME, null).build()));

        var keys = ConsumedConfig.of(deployment, NAME, NAME).keys(configMap(CONFIG), secret(SECRET));

        assertThat(keys).contains(Key.configMap("NOT_READ"));
    }

    @Test
    void aMountedSecretKeyIsConsumedAndOptionalWhenTheVolumeIs() {
        var deployment = withContainerChange(deployment(), d -> d.getSpec().getTemplate().getSpec().getVolumes()
                .add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("mysql-ca").withNewSecret()
                        .withSecretName(NAME).withOptional(true).addNewItem().withKey("MYSQL_SSL_CA").withPath("ca.pem")
                        .endItem().endSecret().build()));
        var consumed = ConsumedConfig.of(deployment, NAME, NAME);
        var withCa = new HashMap<>(SECRET);
        withCa.put("MYSQL_SSL_CA", "LS0tLS1CRUdJTi0tLS0t");

        assertThat(consumed.keys(configMap(CONFIG), secret(SECRET))).contains(Key.secret("MYSQL_SSL_CA"));
        assertThat(consumed.problem(configMap(CONFIG), secret(SECRET))).as("the volume is optional").isEmpty();
        assertThat(consumed.hash(configMap(CONFIG), secret(withCa)))
                .as("a new CA rolls the pods").isNotEqualTo(consumed.hash(configMap(CONFIG), secret(SECRET)));
    }

    @Test
    void aVolumeReadingASnapshotOfTheSecretConsumesItsKeysAsTheSecretWould() {
        var deployment = withContainerChange(deployment(), d -> d.getSpec().getTemplate().getSpec().getVolumes()
                .add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("mysql-ca").withNewSecret()
                        .withSecretName(NAME + "-secret-0123456789").withOptional(true).addNewItem()
                        .withKey("MYSQL_SSL_CA").withPath("ca.pem").endItem().endSecret().build()));
        var withCa = new HashMap<>(SECRET);
        withCa.put("MYSQL_SSL_CA", "LS0tLS1CRUdJTi0tLS0t");

        var keys = ConsumedConfig.of(deployment, NAME, NAME).keys(configMap(CONFIG), secret(withCa));

        assertThat(keys).as("deploy hashed the key before pointing the volume at the snapshot")
                .contains(Key.secret("MYSQL_SSL_CA"));
    }

    @Test
    void ignoresReferencesToOtherObjects() {
        var deployment = withContainerChange(deployment(), d -> d.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv().add(new EnvVarBuilder().withName("OTHER").withNewValueFrom()
                        .withNewConfigMapKeyRef("OTHER", "someone-else", null).endValueFrom().build()));

        assertThat(ConsumedConfig.of(deployment, NAME, NAME).refs()).hasSize(4);
    }

    @Test
    void namesEachMissingRequiredKeyAndNoValue() {
        var configMap = new HashMap<>(CONFIG);
        configMap.remove("MYSQL_PORT");
        var secret = new HashMap<>(SECRET);
        secret.remove("MYSQL_PASSWD");

        var problem = ConsumedConfig.of(deployment(), NAME, NAME).problem(configMap(configMap), secret(secret));

        assertThat(problem).hasValue("key MYSQL_PASSWD is missing from Secret myblog; key MYSQL_PORT is missing from ConfigMap myblog");
    }

    @Test
    void aDeletedObjectIsAProblemButAnOptionalKeyIsNot() {
        var deployment = withContainerChange(deployment(), d -> d.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv().add(new EnvVarBuilder().withName("FEATURE").withNewValueFrom()
                        .withNewConfigMapKeyRef("FEATURE", NAME, true).endValueFrom().build()));
        var consumed = ConsumedConfig.of(deployment, NAME, NAME);

        assertThat(consumed.problem(configMap(CONFIG), secret(SECRET))).isEmpty();
        assertThat(consumed.problem(null, secret(SECRET))).hasValue("ConfigMap myblog is missing (deleted or not created)");
    }

    private static Deployment withContainerChange(Deployment deployment, Consumer<Deployment> change) {
        change.accept(deployment);
        return deployment;
    }
}
