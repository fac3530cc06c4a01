package io.myblog.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigHashTest {

    private static final PodSpec READS_ALL = new PodSpecBuilder().addNewContainer().withName("myblog")
            .addNewEnvFrom().withNewConfigMapRef().withName("myblog").endConfigMapRef().endEnvFrom()
            .addNewEnvFrom().withNewSecretRef().withName("myblog").endSecretRef().endEnvFrom().endContainer().build();
    private static final PodSpec READS_HOST_ONLY = new PodSpecBuilder().addNewContainer().withName("myblog")
            .addNewEnv().withName("MYSQL_HOST").withNewValueFrom().withNewConfigMapKeyRef().withName("myblog")
            .withKey("MYSQL_HOST").endConfigMapKeyRef().endValueFrom().endEnv().endContainer().build();

    @Test
    void ignoresTheOrderOfKeys() {
        var ordered = new LinkedHashMap<String, String>();
        ordered.put("MYSQL_HOST", "mysql");
        ordered.put("MYSQL_PORT", "3306");
        var reversed = new LinkedHashMap<String, String>();
        reversed.put("MYSQL_PORT", "3306");
        reversed.put("MYSQL_HOST", "mysql");

        assertThat(ConfigHash.of(READS_ALL, configMap(ordered), secret("pw1")))
                .isEqualTo(ConfigHash.of(READS_ALL, configMap(reversed), secret("pw1")));
    }

    @Test
    void changesWhenAConsumedConfigMapValueChanges() {
        assertThat(ConfigHash.of(READS_ALL, configMap(Map.of("MYSQL_HOST", "mysql")), secret("pw1")))
                .isNotEqualTo(ConfigHash.of(READS_ALL, configMap(Map.of("MYSQL_HOST", "mysql-2")), secret("pw1")));
    }

    @Test
    void changesWhenAConsumedSecretValueChanges() {
        assertThat(ConfigHash.of(READS_ALL, configMap(Map.of("MYSQL_HOST", "mysql")), secret("pw1")))
                .isNotEqualTo(ConfigHash.of(READS_ALL, configMap(Map.of("MYSQL_HOST", "mysql")), secret("pw2")));
    }

    @Test
    void ignoresKeysThePodDoesNotRead() {
        assertThat(ConfigHash.of(READS_HOST_ONLY, configMap(Map.of("MYSQL_HOST", "mysql", "UNUSED", "a")), secret("pw1")))
                .isEqualTo(ConfigHash.of(READS_HOST_ONLY, configMap(Map.of("MYSQL_HOST", "mysql", "UNUSED", "b")),
                        secret("pw2")));
    }

    @Test
    void isShortHex() {
        assertThat(ConfigHash.hash(Map.of("a", "b"))).matches("[0-9a-f]{16}");
    }

    private static ConfigMap configMap(Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName("myblog").endMetadata().withData(data).build();
    }

    private static Secret secret(String password) {
        return DesiredState.desiredSecret("jds", Map.of("MYSQL_USER", "blogger", "MYSQL_PASSWD", password));
    }
}
