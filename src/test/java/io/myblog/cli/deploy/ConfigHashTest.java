package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.shared.ConfigHash.Key;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.myblog.shared.ConfigHash;

class ConfigHashTest {

    private static final Map<String, String> CONFIG_MAP = Map.of("MYSQL_HOST", "mysql", "MYSQL_PORT", "3306");
    private static final Map<String, String> SECRET = Map.of("MYSQL_USER", b64("myblog"), "MYSQL_PASSWD", b64("s3cret"));
    private static final List<Key> CONSUMED = List.of(Key.configMap("MYSQL_HOST"), Key.configMap("MYSQL_PORT"),
            Key.secret("MYSQL_USER"), Key.secret("MYSQL_PASSWD"));

    @Test
    void isSha256InHex() {
        assertThat(ConfigHash.of(CONFIG_MAP, SECRET, CONSUMED)).matches("[0-9a-f]{64}");
    }

    @Test
    void ignoresTheOrderOfKeysInTheDataAndInTheConsumedList() {
        var configMap = new LinkedHashMap<String, String>();
        configMap.put("MYSQL_PORT", "3306");
        configMap.put("MYSQL_HOST", "mysql");
        var reversed = List.of(CONSUMED.get(3), CONSUMED.get(2), CONSUMED.get(1), CONSUMED.get(0));

        assertThat(ConfigHash.of(configMap, SECRET, reversed)).isEqualTo(ConfigHash.of(CONFIG_MAP, SECRET, CONSUMED));
    }

    @Test
    void changesWhenAnyConsumedValueChanges() {
        var original = ConfigHash.of(CONFIG_MAP, SECRET, CONSUMED);
        for (var key : CONSUMED) {
            var configMap = new HashMap<>(CONFIG_MAP);
            var secret = new HashMap<>(SECRET);
            if (key.source() == ConfigHash.Source.CONFIG_MAP) {
                configMap.put(key.name(), "changed");
            } else {
                secret.put(key.name(), b64("changed"));
            }
            assertThat(ConfigHash.of(configMap, secret, CONSUMED)).as("after changing %s", key).isNotEqualTo(original);
        }
    }

    @Test
    void ignoresKeysNoContainerReads() {
        var configMap = new HashMap<>(CONFIG_MAP);
        configMap.put("NOT_READ", "anything");
        var secret = new HashMap<>(SECRET);
        secret.put("ALSO_NOT_READ", b64("anything"));

        assertThat(ConfigHash.of(configMap, secret, CONSUMED)).isEqualTo(ConfigHash.of(CONFIG_MAP, SECRET, CONSUMED));
    }

    @Test
    void tellsAnAbsentKeyFromAnEmptyValue() {
        var empty = new HashMap<>(CONFIG_MAP);
        empty.put("MYSQL_PORT", "");
        var absent = new HashMap<>(CONFIG_MAP);
        absent.remove("MYSQL_PORT");

        assertThat(ConfigHash.of(empty, SECRET, CONSUMED)).isNotEqualTo(ConfigHash.of(absent, SECRET, CONSUMED));
    }

    @Test
    void tellsWhichObjectAValueComesFrom() {
        var asConfigMap = ConfigHash.of(Map.of("K", "v"), Map.of(), List.of(Key.configMap("K")));
        var asSecret = ConfigHash.of(Map.of(), Map.of("K", b64("v")), List.of(Key.secret("K")));

        assertThat(asConfigMap).isNotEqualTo(asSecret);
    }

    @Test
    void hashesSecretValuesDecodedSoLineWrappedBase64GivesTheSameHash() {
        var wrapped = new HashMap<>(SECRET);
        var encoded = SECRET.get("MYSQL_PASSWD");
        wrapped.put("MYSQL_PASSWD", encoded.substring(0, 4) + "\n" + encoded.substring(4));

        assertThat(ConfigHash.of(CONFIG_MAP, wrapped, CONSUMED)).isEqualTo(ConfigHash.of(CONFIG_MAP, SECRET, CONSUMED));
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
